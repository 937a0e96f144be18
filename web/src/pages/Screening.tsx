import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { JustificationField, useJustification } from './Persons.js';

interface Progress {
  listId: string;
  status: string;
  rowsTotal: number;
  rowsDone: number;
  rowsRejected: number;
  hits: number;
  rejected: { line: number; reason: string }[];
  percent: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}
interface Hit {
  id: string;
  score: number;
  band: string;
  decision: string;
  row: { line: number; query: Record<string, unknown> } | null;
  explanation: Record<string, any>;
  subject: { id: string; title: string; body: any; envelope: { originator: string } } | null;
  alerts: { body?: any; actionOnHit?: string; alertKind?: string }[];
}

export function Screening({ me }: { me: Me }) {
  const { t } = useI18n();
  const [justification, setJustification] = useJustification();
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [map, setMap] = useState<{ name: string; dob: string; nationality: string; document: string }>({ name: '', dob: '', nationality: '', document: '' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState('');
  const [done, setDone] = useState<string>('');

  const loadHits = useCallback(() => {
    if (justification.length < 8) return;
    api<{ hits: Hit[] }>('GET', '/api/screening-hits?decision=pending&limit=50', undefined, { justification }).then((r) => setHits(r.hits), () => undefined);
  }, [justification]);
  useEffect(loadHits, [loadHits]);

  useEffect(() => {
    if (!progress || progress.status === 'done' || progress.status === 'failed') return;
    const i = setInterval(() => {
      api<Progress>('GET', `/api/screenings/${progress.listId}`).then((p) => {
        setProgress(p);
        if (p.status === 'done') loadHits();
      });
    }, 700);
    return () => clearInterval(i);
  }, [progress, loadHits]);

  const pick = async (f: File | null) => {
    setFile(f);
    if (!f) return;
    setName(f.name);
    const head = (await f.slice(0, 4096).text()).split(/\r?\n/)[0] ?? '';
    const cols = head.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    setColumns(cols);
    const guess = (re: RegExp) => cols.find((c) => re.test(c)) ?? '';
    setMap({ name: guess(/name|nom|nombre|naam|passenger|passager/i) || cols[0] || '', dob: guess(/birth|dob|né|naci|geboren|born/i), nationality: guess(/national/i), document: guess(/passport|document|passeport|pasaporte/i) });
  };

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    setError('');
    if (!file) return;
    const mapping = Object.fromEntries(Object.entries(map).filter(([, v]) => v));
    try {
      const p = await api<Progress>('POST', `/api/screenings?name=${encodeURIComponent(name)}&context=passenger-manifest&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, file, { justification, contentType: 'text/csv' });
      setProgress(p);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const decide = async (hit: Hit, decision: 'confirmed' | 'dismissed' | 'escalated', reason: string) => {
    setError('');
    try {
      const r = await api('POST', `/api/screening-hits/${hit.id}/decision`, { decision, reason });
      setDone(r.actionsOnHit?.map((a: { actionOnHit: string; originator: string }) => `${t('screen.actionOnHit')}: ${a.actionOnHit} (${a.originator})`).join(' · ') || decision);
      loadHits();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="screening">
      <form className="card form" onSubmit={upload} data-testid="screen-upload">
        <h2>{t('screen.upload')}</h2>
        <JustificationField value={justification} onChange={setJustification} />
        <input type="file" accept=".csv,text/csv" onChange={(e) => void pick(e.target.files?.[0] ?? null)} data-testid="screen-file" />
        <label>
          {t('screen.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        {columns.length > 0 && (
          <fieldset>
            <legend>{t('screen.mapping')}</legend>
            {(['name', 'dob', 'nationality', 'document'] as const).map((k) => (
              <label key={k}>
                {k}
                <select value={map[k]} onChange={(e) => setMap({ ...map, [k]: e.target.value })} data-testid={`map-${k}`}>
                  <option value="">—</option>
                  {columns.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={!file}>
          {t('screen.start')}
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {progress && (
        <section className="card" data-testid="screen-progress">
          <h2>
            {t('screen.progress')}: {progress.status}
          </h2>
          <progress max={100} value={progress.percent} />
          <p>
            {progress.rowsDone}/{progress.rowsTotal} · {progress.percent}% · {progress.rowsPerSecond} {t('screen.rate')} · {t('screen.eta')} {progress.etaSeconds ?? '…'} s · {progress.hits} hits · {progress.rowsRejected} rejected
          </p>
          <ul>
            {progress.rejected.slice(0, 20).map((r) => (
              <li key={r.line}>
                line {r.line}: {r.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {done && <p className="notice" role="status" data-testid="decision-result">{done}</p>}
      <section className="card">
        <h2>{t('screen.review')}</h2>
        <ul className="hits">
          {hits.map((h) => (
            <HitCard key={h.id} hit={h} onDecide={decide} />
          ))}
        </ul>
      </section>
      <p className="muted">{me.agency}</p>
    </div>
  );
}

function HitCard({ hit, onDecide }: { hit: Hit; onDecide: (h: Hit, d: 'confirmed' | 'dismissed' | 'escalated', reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const ex = hit.explanation;
  return (
    <li className="hit" data-testid="hit">
      <div className="side">
        <h3>{t('screen.row')}</h3>
        <p dir="auto">
          <bdi>{String(hit.row?.query.name ?? '')}</bdi>
        </p>
        <p>
          {String(hit.row?.query.dob ?? '')} {String(hit.row?.query.nationality ?? '')} {Array.isArray(hit.row?.query.documents) ? (hit.row!.query.documents as string[]).join(' ') : ''}
        </p>
        <small>line {hit.row?.line}</small>
      </div>
      <div className="side">
        <h3>{t('screen.entry')}</h3>
        <p dir="auto">
          <bdi>{hit.subject?.title}</bdi> <small>{hit.subject?.envelope.originator}</small>
        </p>
        <p>
          {hit.subject?.body?.datesOfBirth?.join(', ')} {hit.subject?.body?.nationalities?.join(', ')}
        </p>
      </div>
      <div className="side">
        <h3>
          {t('screen.why')} <span className={`badge band-${hit.band}`}>{hit.band} {hit.score.toFixed(2)}</span>
        </h3>
        <ul className="explanation">
          {(ex.tokens ?? ex.alignment ?? []).map?.((x: any, i: number) => (
            <li key={i}>{typeof x === 'string' ? x : `${x.query ?? x.q ?? ''} ↔ ${x.candidate ?? x.c ?? ''} ${x.how ?? x.kind ?? ''}`}</li>
          ))}
          {(ex.fields ?? ex.evidence ?? []).map?.((x: any, i: number) => <li key={`f${i}`}>{typeof x === 'string' ? x : `${x.field ?? ''}: ${x.outcome ?? x.result ?? ''}`}</li>)}
          {ex.summary && <li>{String(ex.summary)}</li>}
        </ul>
      </div>
      <div className="decide">
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('screen.reason')} aria-label={t('screen.reason')} data-testid="hit-reason" />
        <button disabled={reason.trim().length < 3} onClick={() => onDecide(hit, 'confirmed', reason)} data-testid="hit-confirm">
          {t('screen.confirm')}
        </button>
        <button className="secondary" disabled={reason.trim().length < 3} onClick={() => onDecide(hit, 'dismissed', reason)}>
          {t('screen.dismiss')}
        </button>
        <button className="secondary" disabled={reason.trim().length < 3} onClick={() => onDecide(hit, 'escalated', reason)}>
          {t('screen.escalate')}
        </button>
      </div>
    </li>
  );
}
