import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

export function Admin() {
  const { t } = useI18n();
  const [users, setUsers] = useState<any[]>([]);
  const [agencies, setAgencies] = useState<any[]>([]);
  const [message, setMessage] = useState('');
  const load = () => {
    api('GET', '/api/users').then((r) => setUsers(r.users), (e) => setMessage(e instanceof ApiError ? e.message : String(e)));
    api('GET', '/api/agencies').then((r) => setAgencies(r.agencies), () => undefined);
  };
  useEffect(load, []);
  const act = (url: string) =>
    api('POST', url).then(
      () => {
        setMessage('OK');
        load();
      },
      (e) => setMessage(e instanceof ApiError ? e.message : String(e)),
    );
  return (
    <div className="admin">
      {message && <p className="notice">{message}</p>}
      <section className="card">
        <h2>{t('admin.users')}</h2>
        <table>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.agency}</td>
                <td>{u.roles?.join(', ')}</td>
                <td>{u.clearance}</td>
                <td>{u.disabledAt ? 'disabled' : ''}</td>
                <td>
                  <button className="secondary" onClick={() => act(`/api/users/${u.id}/reset-mfa`)}>
                    {t('admin.resetMfa')}
                  </button>{' '}
                  <button className="secondary" onClick={() => act(`/api/users/${u.id}/disable`)}>
                    {t('admin.disable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Agencies</h2>
        <ul>
          {agencies.map((a) => (
            <li key={a.code}>
              {a.code} — {a.name} ({a.country}, {a.kind})
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
