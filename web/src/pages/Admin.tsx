import { useEffect, useState } from 'react';
import { api, errorText } from '../api.js';
import { useI18n } from '../i18n.js';
import { CLASSIFICATIONS, ROLES } from '../vocab.js';
import { Options } from '../Options.js';


function NewUser({ onDone, agencies }: { onDone: () => void; agencies: string[] }) {
  const { t } = useI18n();
  const [f, setF] = useState({ email: '', displayName: '', agency: '', clearance: 'restricted', password: '' });
  const [roles, setRoles] = useState<string[]>(['duty_officer']);
  const [message, setMessage] = useState('');
  return (
    <form
      className="card form"
      data-testid="new-user"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/users', { ...f, agency: f.agency || agencies[0], roles });
          setMessage(`${f.email}: ${t('admin.created')}`);
          setF({ ...f, email: '', displayName: '', password: '' });
          onDone();
        } catch (err) {
          setMessage(errorText(err));
        }
      }}
    >
      <h2>{t('admin.newUser')}</h2>
      <label>
        {t('login.email')}
        <input name="email" type="email" value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} required />
      </label>
      <label>
        {t('admin.name')}
        <input name="displayName" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} required />
      </label>
      <label>
        {t('admin.agency')}
        <select name="agency" value={f.agency} onChange={(e) => setF({ ...f, agency: e.target.value })}>
          {agencies.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        {t('env.classification')}
        <select name="clearance" value={f.clearance} onChange={(e) => setF({ ...f, clearance: e.target.value })}>
          <Options values={CLASSIFICATIONS} />
        </select>
      </label>
      <fieldset>
        <legend>{t('admin.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} /> {r}
          </label>
        ))}
      </fieldset>
      <label>
        {t('login.password')}
        <input name="password" type="password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} minLength={12} required />
      </label>
      {message && <p className="notice">{message}</p>}
      <button type="submit">{t('admin.newUser')}</button>
    </form>
  );
}

function AccessEditor({ user, onDone }: { user: { id: string; roles: string[]; clearance: string }; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [clearance, setClearance] = useState(user.clearance);
  const [error, setError] = useState('');
  if (!open)
    return (
      <button className="link" onClick={() => setOpen(true)} data-testid="edit-access">
        {t('admin.access')}
      </button>
    );
  return (
    <form
      className="row"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', `/api/users/${user.id}/access`, { roles, clearance });
          setOpen(false);
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      {ROLES.map((r) => (
        <label key={r} className="check">
          <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} /> {r}
        </label>
      ))}
      <select value={clearance} onChange={(e) => setClearance(e.target.value)} aria-label={t('env.classification')}>
        <Options values={CLASSIFICATIONS} />
      </select>
      <button type="submit">{t('persons.save')}</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function NewAgency({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ code: '', country: '', name: '', kind: 'police' });
  const [message, setMessage] = useState('');
  return (
    <form
      className="card form"
      data-testid="new-agency"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/agencies', { ...f, code: f.code.toUpperCase(), country: f.country.toUpperCase() });
          setMessage(`${f.code.toUpperCase()}: ${t('admin.created')}`);
          onDone();
        } catch (err) {
          setMessage(errorText(err));
        }
      }}
    >
      <h2>{t('admin.newAgency')}</h2>
      <label>
        {t('admin.code')}
        <input name="code" value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} placeholder="BE-POL" required />
      </label>
      <label>
        {t('board.country')}
        <input name="country" value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} maxLength={2} required />
      </label>
      <label>
        {t('admin.name')}
        <input name="name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required />
      </label>
      <label>
        {t('admin.kind')}
        <select name="kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>
          {['domestic-intelligence', 'foreign-intelligence', 'police', 'gendarmerie', 'customs', 'threat-assessment', 'other'].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      {message && <p className="notice">{message}</p>}
      <button type="submit">{t('admin.newAgency')}</button>
    </form>
  );
}

export function Admin() {
  const { t } = useI18n();
  const [users, setUsers] = useState<any[]>([]);
  const [agencies, setAgencies] = useState<any[]>([]);
  const [message, setMessage] = useState('');
  const load = () => {
    api('GET', '/api/users').then((r) => setUsers(r.users), (e) => setMessage(errorText(e)));
    api('GET', '/api/agencies').then((r) => setAgencies(r.agencies), () => undefined);
  };
  useEffect(load, []);
  const act = (url: string) =>
    api('POST', url).then(
      () => {
        setMessage('OK');
        load();
      },
      (e) => setMessage(errorText(e)),
    );
  return (
    <div className="admin">
      {message && <p className="notice">{message}</p>}
      <NewUser onDone={load} agencies={agencies.map((a) => a.code)} />
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
                  <AccessEditor user={u} onDone={load} />
                </td>
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
      <NewAgency onDone={load} />
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
