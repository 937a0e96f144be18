// Reports and events: read what one may see, write graded reports about persons and events, correct one's own
// with a reason (everyone who received it is told), add a signed fact or assessment to another agency's, and
// change an event's threat rating on its country's national scale.
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { Badges, JustificationField, useJustification } from './Persons.js';
import { HANDLING, SCALES, TLPS } from '../vocab.js';
import { TextField, SelectField } from '../fields.js';

interface Item {
  id: string;
  version: number;
  title: string;
  envelope: any;
  body: any;
  updatedAt: string;
  access: any;
  annotations?: { agency: string; statement: string; text: string; at: string }[];
}


export function Records({ me }: { me: Me }) {
  const { t, dateTime } = useI18n();
  const [justification, setJustification] = useJustification();
  const [reports, setReports] = useState<Item[]>([]);
  const [events, setEvents] = useState<Item[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    if (justification.length < 8) return;
    api('GET', '/api/reports?limit=100', undefined, { justification }).then((r) => setReports(r.items), (e) => setError(e.message));
    api('GET', '/api/events?limit=100', undefined, { justification }).then((r) => setEvents(r.items), (e) => setError(e.message));
  }, [justification]);
  useEffect(load, [load]);
  return (
    <div className="records">
      <section className="card row">
        <JustificationField value={justification} onChange={setJustification} />
      </section>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="grid">
        <section className="card wide">
          <h2>{t('records.reports')}</h2>
          <ul data-testid="reports">
            {reports.map((r) => (
              <li key={r.id}>
                <button className="link" onClick={() => setSelected(r.id)}>
                  {r.title}
                </button>{' '}
                <small>
                  {r.envelope.originator} · v{r.version} · {dateTime(r.updatedAt)}
                </small>{' '}
                <Badges item={r as never} />
              </li>
            ))}
          </ul>
          {selected && <ReportPage id={selected} me={me} justification={justification} onChanged={load} />}
        </section>
        <section className="card">
          <h2>{t('records.events')}</h2>
          <ul data-testid="events">
            {events.map((e) => (
              <EventRow key={e.id} event={e} me={me} onChanged={load} />
            ))}
          </ul>
        </section>
      </div>
      <ReportForm me={me} onDone={load} />
    </div>
  );
}

function ReportPage({ id, me, justification, onChanged }: { id: string; me: Me; justification: string; onChanged: () => void }) {
  const { t, dateTime } = useI18n();
  const [r, setR] = useState<Item | null>(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [statement, setStatement] = useState('assessment');
  const [error, setError] = useState('');
  const load = useCallback(() => {
    api<Item>('GET', `/api/reports/${id}`, undefined, { justification }).then((x) => {
      setR(x);
      setText(x.body.text);
    }, (e) => setError(e.message));
  }, [id, justification]);
  useEffect(load, [load]);
  if (!r) return error ? <p className="error">{error}</p> : null;
  const mine = r.envelope.originator === me.agency;
  const act = (f: () => Promise<unknown>) =>
    f().then(
      () => {
        setReason('');
        setNote('');
        load();
        onChanged();
      },
      (e) => setError(errorText(e)),
    );
  return (
    <article className="card" data-testid="report-page">
      <h3>
        {r.title} <Badges item={r as never} />
      </h3>
      {r.access?.restriction && <p className="restriction">{r.access.restriction}</p>}
      <p className="text">{r.body.text}</p>
      <p className="muted">
        {r.body.statement} · {r.envelope.originator} · v{r.version}
      </p>
      <ul data-testid="report-annotations">
        {(r.annotations ?? []).map((a, i) => (
          <li key={i}>
            <span className="badge">{a.statement}</span> <strong>{a.agency}</strong> {a.text} <small>{dateTime(a.at)}</small>
          </li>
        ))}
      </ul>
      {mine ? (
        <form
          className="form"
          data-testid="correct-report"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api('PATCH', `/api/reports/${r.id}`, { body: { ...r.body, text }, reason }, { headers: { 'if-match': `"${r.version}"` } }));
          }}
        >
          <label>
            {t('msg.text')}
            <textarea name="text" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            {t('screen.reason')}
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
          </label>
          <button type="submit">{t('records.correct')}</button>
        </form>
      ) : (
        <form
          className="row"
          data-testid="annotate-report"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api('POST', `/api/reports/${r.id}/annotations`, { text: note, statement }, { justification }));
          }}
        >
          <select value={statement} onChange={(e) => setStatement(e.target.value)} aria-label={t('persons.statement')}>
            <option value="assessment">assessment</option>
            <option value="fact">fact</option>
          </select>
          <input className="grow" value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('persons.annotate')} required />
          <button type="submit">{t('persons.annotate')}</button>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </article>
  );
}

function EventRow({ event, me, onChanged }: { event: Item; me: Me; onChanged: () => void }) {
  const { t, dateTime } = useI18n();
  const s = SCALES[event.body.place.country];
  const [level, setLevel] = useState(event.body.threat?.level ?? s?.levels[0] ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const mine = event.envelope.originator === me.agency;
  return (
    <li data-testid="event">
      <strong>{event.title}</strong> — {event.body.place.name}, {event.body.place.city} · {dateTime(event.body.startsAt)} – {dateTime(event.body.endsAt)}{' '}
      {event.body.threat && <span className="badge red">{event.body.threat.level}</span>}
      {mine && s && (
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api('PATCH', `/api/events/${event.id}`, { body: { ...event.body, threat: { scale: s.scale, level } }, reason }, { headers: { 'if-match': `"${event.version}"` } });
              setReason('');
              onChanged();
            } catch (err) {
              setError(errorText(err));
            }
          }}
        >
          <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label={t('board.level')} data-testid="event-level">
            {s.levels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('screen.reason')} placeholder={t('screen.reason')} required minLength={3} data-testid="event-reason" />
          <button type="submit">{t('board.raise')}</button>
          {error && <span className="error">{error}</span>}
        </form>
      )}
    </li>
  );
}

/** A graded report (4x4), about persons given by id (the person page links here), with its envelope. */
export function ReportForm({ me, about, onDone }: { me: Me; about?: string; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ title: '', text: '', grading: 'B2', statement: 'assessment', releaseTo: '', handling: 'H1', tlp: 'amber', legalBasis: '', purpose: '' });
  const [error, setError] = useState('');
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="card form"
      data-testid="report-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await api('POST', '/api/reports', {
            envelope: {
              releaseTo: { countries: f.releaseTo.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean), agencies: [] },
              classification: 'restricted',
              handling: { code: f.handling },
              tlp: f.tlp,
              grading: f.grading,
              ...(about ? { subjectCategory: 'suspect' } : {}),
              legalBasis: f.legalBasis,
              purpose: f.purpose,
            },
            body: { title: f.title, text: f.text, statement: f.statement, about: { subjects: about ? [about] : [], events: [], places: [] } },
          });
          setF({ ...f, title: '', text: '' });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <h2>
        {t('records.newReport')} — {me.agency}
      </h2>
      <TextField label={t('msg.subject')} name="title" value={f.title} onChange={set('title')} required />
      <label>
        {t('msg.text')}
        <textarea name="text" value={f.text} onChange={set('text')} />
      </label>
      <TextField label={t('env.grading')} name="grading" value={f.grading} onChange={set('grading')} maxLength={2} required />
      <label>
        {t('persons.statement')}
        <select name="statement" value={f.statement} onChange={set('statement')}>
          <option>assessment</option>
          <option>fact</option>
        </select>
      </label>
      <TextField label={t('env.releaseTo')} name="releaseTo" value={f.releaseTo} onChange={set('releaseTo')} placeholder="FR,ES,BE" />
      <SelectField label={t('env.handling')} name="handling" value={f.handling} onChange={set('handling')} values={HANDLING.slice(0, 3)} />
      <SelectField label={t('env.tlp')} name="tlp" value={f.tlp} onChange={set('tlp')} values={TLPS} />
      <TextField label={t('env.legalBasis')} name="legalBasis" value={f.legalBasis} onChange={set('legalBasis')} required />
      <TextField label={t('env.purpose')} name="purpose" value={f.purpose} onChange={set('purpose')} required />
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit">{t('records.newReport')}</button>
    </form>
  );
}
