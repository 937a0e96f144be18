import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { countdown, useLive, useNow } from '../live.js';
import { SCALES } from '../vocab.js';

interface BoardData {
  now: string;
  openRequests: { id: string; subject: string; priority: string; kind: string; from: string; to: string; status: string; dueAt: string | null; due: string | null; overdue: boolean; escalationLevel: number }[];
  overdue: number;
  unreviewedHits: number;
  crossChecksPending: number;
  threatLevels: { id: string; title: string; country: string; level: string; scale: string; updatedAt: string }[];
  onDuty: { agency: string; displayName?: string; role?: string; userId?: string }[];
  shiftLog: { id: string; kind: string; text: string; at: string; authorName?: string; ackedAt: string | null }[];
}


interface CrossCheck {
  id: string;
  score: number;
  decision: string;
  yourTitle: string | null;
  holder: string;
  theirTitle?: string;
  message?: string;
}

/** Possible matches between our persons and other agencies': the holder decides whether to release, with a reason. */
function CrossChecks({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<CrossCheck[]>([]);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const load = () => void api<{ crossChecks: CrossCheck[] }>('GET', '/api/cross-checks?decision=pending').then((r) => setRows(r.crossChecks), () => undefined);
  useEffect(load, []);
  const decide = (id: string, decision: 'release' | 'decline') =>
    api('POST', `/api/cross-checks/${id}/decision`, { decision, reason: reason[id] ?? '' }).then(
      () => {
        load();
        onDone();
      },
      (e) => setError(errorText(e)),
    );
  return (
    <ul data-testid="cross-checks">
      {error && <li className="error">{error}</li>}
      {rows.length === 0 && <li>{t('board.none')}</li>}
      {rows.map((c) => (
        <li key={c.id} className="row">
          <span>
            <bdi>{c.yourTitle}</bdi> ~ {c.theirTitle ? <bdi>{c.theirTitle}</bdi> : <em>{c.message}</em>} ({c.holder}, {c.score.toFixed(2)})
          </span>
          <input className="grow" aria-label={t('screen.reason')} placeholder={t('screen.reason')} value={reason[c.id] ?? ''} onChange={(e) => setReason({ ...reason, [c.id]: e.target.value })} />
          <button disabled={(reason[c.id] ?? '').trim().length < 3} onClick={() => void decide(c.id, 'release')}>
            {t('persons.release')}
          </button>
          <button className="secondary" disabled={(reason[c.id] ?? '').trim().length < 3} onClick={() => void decide(c.id, 'decline')}>
            {t('board.decline')}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Events and their threat ratings, as the policy lets one see them (no personal data: no justification). */
function Events({ tick }: { tick: number }) {
  const { dateTime } = useI18n();
  const [events, setEvents] = useState<{ id: string; title: string; body: any }[]>([]);
  useEffect(() => {
    api('GET', '/api/events?limit=50').then((r) => setEvents(r.items), () => undefined);
  }, [tick]);
  return (
    <ul data-testid="board-events">
      {events.map((e) => (
        <li key={e.id}>
          <strong>{e.title}</strong> {e.body.place?.city} · {dateTime(e.body.startsAt)} {e.body.threat && <span className="badge red">{e.body.threat.level}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Notices for the agency: corrections and recalls of what it received, escalations, confirmed hits, break-glass openings. */
function Notices({ tick }: { tick: number }) {
  const { dateTime } = useI18n();
  const [rows, setRows] = useState<{ id: number; at: string; kind: string; itemId: string | null; payload: Record<string, unknown> }[]>([]);
  useEffect(() => {
    api('GET', '/api/notifications?limit=20').then((r) => setRows(r.notifications), () => undefined);
  }, [tick]);
  return (
    <ul data-testid="notices">
      {rows.map((n) => (
        <li key={n.id}>
          <small>{dateTime(n.at)}</small> <span className="badge">{n.kind}</span> {String(n.payload.subject ?? n.payload.title ?? n.payload.reason ?? n.payload.kind ?? '')} {n.payload.by ? `— ${String(n.payload.by)}` : ''}
        </li>
      ))}
    </ul>
  );
}

function LogForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [kind, setKind] = useState('entry');
  const [error, setError] = useState('');
  return (
    <form
      className="row"
      data-testid="log-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/duty/log', { text, kind });
          setText('');
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <select value={kind} onChange={(e) => setKind(e.target.value)} aria-label={t('board.handover')}>
        <option value="entry">{t('board.write')}</option>
        <option value="handover">{t('board.handover')}</option>
      </select>
      <input className="grow" value={text} onChange={(e) => setText(e.target.value)} aria-label={t('board.write')} required />
      <button type="submit">{t('msg.send')}</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function ThreatForm({ me, onDone }: { me: Me; onDone: () => void }) {
  const { t } = useI18n();
  const s = SCALES[me.country];
  const [level, setLevel] = useState(s?.levels[s.levels.length - 1] ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  if (!s) return null;
  return (
    <form
      className="form"
      data-testid="threat-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await api('POST', '/api/threat-levels', {
            envelope: { releaseTo: { countries: ['MA', 'FR', 'ES', 'BE'].filter((c) => c !== me.country), agencies: [] }, classification: 'unclassified', handling: { code: 'H0' }, tlp: 'green', legalBasis: 'Joint cell agreement', purpose: 'Shared threat picture' },
            body: { country: me.country, scale: s.scale, level, effectiveFrom: new Date().toISOString(), reason },
          });
          setReason('');
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        {t('board.country')} <input value={`${me.country} — ${s.scale}`} readOnly />
      </label>
      <label>
        {t('board.level')}
        <select name="level" value={level} onChange={(e) => setLevel(e.target.value)}>
          {s.levels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <label>
        {t('board.reason')}
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {error && <p className="error">{error}</p>}
      <button type="submit">{t('board.raise')}</button>
    </form>
  );
}

export function Board({ me }: { me: Me }) {
  const { t, dateTime } = useI18n();
  const [data, setData] = useState<BoardData | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const load = useCallback(() => {
    api<BoardData>('GET', '/api/board').then(setData, (e) => setError(String(e.message)));
  }, []);
  useEffect(load, [load]);
  const [tick, setTick] = useState(0);
  const connected = useLive(() => {
    load();
    setTick((x) => x + 1);
  });
  // Deadlines pass without events: refresh every 30 s as well.
  useEffect(() => {
    const i = setInterval(load, 30_000);
    return () => clearInterval(i);
  }, [load]);

  return (
    <div className="board">
      <p className={`live ${connected ? 'on' : 'off'}`} data-testid="live-state" role="status">
        {connected ? t('live.connected') : t('live.connecting')}
      </p>
      {error && <p className="error">{error}</p>}
      {!data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="grid">
          <section className="card">
            <h2>{t('board.threat')}</h2>
            <ul>
              {data.threatLevels.map((l) => (
                <li key={l.id} className={`threat threat-${l.level}`}>
                  <strong>{l.country}</strong> {l.title} <small>{dateTime(l.updatedAt)}</small>
                </li>
              ))}
            </ul>
          </section>
          <section className="card wide">
            <h2>
              {t('board.requests')} {data.overdue > 0 && <span className="badge red">{data.overdue} {t('board.overdue')}</span>}
            </h2>
            {data.openRequests.length === 0 && <p>{t('board.none')}</p>}
            <table data-testid="open-requests">
              <tbody>
                {data.openRequests.map((r) => {
                  const left = r.dueAt ? new Date(r.dueAt).getTime() - now : null;
                  const late = left !== null && left < 0;
                  return (
                    <tr key={`${r.id}-${r.to}`} className={late || r.overdue ? 'overdue' : ''} data-testid="open-request">
                      <td>
                        <span className={`badge prio-${r.priority}`}>{r.priority}</span>
                      </td>
                      <td>
                        <a href={`#messages`}>{r.subject}</a>
                      </td>
                      <td>
                        {r.from} → {r.to}
                      </td>
                      <td>{r.due}</td>
                      <td className="countdown" data-testid="countdown">
                        {left === null ? '' : late ? `${t('board.overdue')} ${countdown(left)}` : `${t('board.dueIn')} ${countdown(left)}`}
                      </td>
                      <td>{r.dueAt && dateTime(r.dueAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>{t('board.hits')}</h2>
            <p className="big" data-testid="unreviewed-hits">
              <a href="#screening">{data.unreviewedHits}</a>
            </p>
            <h2>{t('board.crossChecks')}</h2>
            <p className="big">{data.crossChecksPending}</p>
          </section>
          <section className="card">
            <h2>{t('board.onDuty')}</h2>
            <ul>
              {data.onDuty.map((d, i) => (
                <li key={i}>
                  {d.agency} — {d.displayName ?? d.userId} {d.role && <small>({d.role})</small>}
                </li>
              ))}
            </ul>
          </section>
          <section className="card wide">
            <h2>{t('board.log')}</h2>
            <LogForm onDone={load} />
            <ul data-testid="shift-log">
              {data.shiftLog.map((e) => (
                <li key={e.id} className={e.kind === 'handover' && !e.ackedAt ? 'handover-open' : ''}>
                  <small>{dateTime(e.at)}</small> <em>{e.kind}</em> {e.authorName ? <strong>{e.authorName}</strong> : null} {e.text}{' '}
                  {e.kind === 'handover' && !e.ackedAt && (e as { author?: string }).author !== me.userId && (
                    <button className="secondary" data-testid="ack-handover" onClick={() => void api('POST', `/api/duty/log/${e.id}/acknowledge`).then(load, (x) => setError(String(x.message)))}>
                      {t('board.ackHandover')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('records.events')}</h2>
            <Events tick={tick} />
          </section>
          <section className="card wide">
            <h2>{t('board.notices')}</h2>
            <Notices tick={tick} />
          </section>
          <section className="card wide">
            <h2>{t('board.crossChecks')}</h2>
            <CrossChecks onDone={load} />
          </section>
          <section className="card">
            <h2>{t('board.raise')}</h2>
            <ThreatForm me={me} onDone={load} />
          </section>
        </div>
      )}
      <p className="muted">{me.agency}</p>
    </div>
  );
}
