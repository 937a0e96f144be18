import { useCallback, useEffect, useState } from 'react';
import { api, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { countdown, useLive, useNow } from '../live.js';

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

export function Board({ me }: { me: Me }) {
  const { t, dateTime } = useI18n();
  const [data, setData] = useState<BoardData | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const load = useCallback(() => {
    api<BoardData>('GET', '/api/board').then(setData, (e) => setError(String(e.message)));
  }, []);
  useEffect(load, [load]);
  const connected = useLive(() => load());
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
            <ul>
              {data.shiftLog.map((e) => (
                <li key={e.id}>
                  <small>{dateTime(e.at)}</small> <em>{e.kind}</em> {e.text}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
      <p className="muted">{me.agency}</p>
    </div>
  );
}
