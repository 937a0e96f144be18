import { useEffect, useState } from 'react';
import { api, errorText } from '../api.js';
import { useI18n } from '../i18n.js';

export function Audit() {
  const { t, dateTime } = useI18n();
  const [entries, setEntries] = useState<any[]>([]);
  const [verify, setVerify] = useState<any>(null);
  const [action, setAction] = useState('');
  const [item, setItem] = useState('');
  const [agency, setAgency] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    const q = new URLSearchParams({ limit: '100' });
    if (action) q.set('action', action);
    if (item) q.set('item', item);
    if (agency) q.set('agency', agency);
    api('GET', `/api/audit?${q}`).then((r) => setEntries(r.entries ?? []), (e) => setError(errorText(e)));
  }, [action, item, agency]);
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
        <div className="row">
          <label>
            {t('audit.filter')} <input value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action" />
          </label>
          <label>
            {t('audit.item')} <input value={item} onChange={(e) => setItem(e.target.value)} data-testid="audit-item" />
          </label>
          <label>
            {t('admin.agency')} <input value={agency} onChange={(e) => setAgency(e.target.value)} />
          </label>
        </div>
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
                <td>{(e.items ?? []).length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
