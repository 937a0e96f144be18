import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

export function Audit() {
  const { t, dateTime } = useI18n();
  const [entries, setEntries] = useState<any[]>([]);
  const [verify, setVerify] = useState<any>(null);
  const [action, setAction] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/api/audit?limit=100${action ? `&action=${encodeURIComponent(action)}` : ''}`).then((r) => setEntries(r.entries ?? []), (e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [action]);
  useEffect(() => {
    api('GET', '/api/audit/verify').then(setVerify, () => undefined);
  }, []);
  return (
    <div className="audit">
      <section className="card">
        <h2>{t('audit.verify')}</h2>
        <p data-testid="chain-status" className={verify?.ok ? 'ok' : 'error'}>
          {verify ? JSON.stringify(verify) : t('common.loading')}
        </p>
      </section>
      <section className="card">
        <h2>{t('audit.title')}</h2>
        <label>
          {t('audit.filter')} <input value={action} onChange={(e) => setAction(e.target.value)} />
        </label>
        {error && <p className="error">{error}</p>}
        <table>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{dateTime(e.at)}</td>
                <td>{e.actorAgency}</td>
                <td>{e.actorUserId}</td>
                <td>{e.action}</td>
                <td>{e.outcome}</td>
                <td>{e.justification}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
