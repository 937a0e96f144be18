import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { countdown, useLive, useNow } from '../live.js';
import { HANDLING } from '../vocab.js';
import { TextField, SelectField } from '../fields.js';

interface Recipient {
  agency: string;
  status: string;
  ackedAt: string | null;
  ackedBy: string | null;
  ackDueAt: string;
  answerDueAt: string | null;
  escalationLevel: number;
}
interface MessageView {
  message: { id: string; title: string; body: { subject: string; text: string; priority: string; kind: string; inReplyTo?: string }; envelope: { originator: string; handling: { code: string }; grading: string | null; tlp: string }; createdAt: string };
  recipients: Recipient[];
  attachments: { id: string; filename: string; size: number }[];
}

export function Messages({ me }: { me: Me }) {
  const { t, dateTime } = useI18n();
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [error, setError] = useState('');
  const now = useNow();
  const load = useCallback(() => {
    api<{ messages: MessageView[] }>('GET', '/api/messages?limit=100').then((r) => setMessages(r.messages), (e) => setError(e.message));
  }, []);
  useEffect(load, [load]);
  const connected = useLive(() => load());
  const act = async (f: () => Promise<unknown>) => {
    setError('');
    try {
      await f();
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  // Threads: an answer is shown under the message it answers, not as a message of its own.
  const ids = new Set(messages.map((m) => m.message.id));
  const repliesTo = (id: string) => messages.filter((m) => m.message.body.inReplyTo === id).sort((a, b) => a.message.createdAt.localeCompare(b.message.createdAt));
  const roots = messages.filter((m) => !m.message.body.inReplyTo || !ids.has(m.message.body.inReplyTo));
  const received = roots.filter((m) => m.message.envelope.originator !== me.agency);
  const sent = roots.filter((m) => m.message.envelope.originator === me.agency);
  const row = (m: MessageView, mine: boolean) => {
    const r = m.recipients.find((x) => x.agency === me.agency);
    const due = r && !r.ackedAt ? new Date(r.ackDueAt).getTime() - now : null;
    return (
      <li key={m.message.id} className={`msg prio-${m.message.body.priority}`} data-testid={mine ? 'sent-message' : 'received-message'}>
        <div>
          <span className={`badge prio-${m.message.body.priority}`}>{m.message.body.priority}</span> <strong>{m.message.body.subject}</strong> <small>{m.message.body.kind}</small>{' '}
          <span className="badge">{m.message.envelope.handling.code}</span> {m.message.envelope.grading && <span className="badge">{m.message.envelope.grading}</span>}
        </div>
        <div className="muted">
          {m.message.envelope.originator} · {dateTime(m.message.createdAt)}
        </div>
        <p className="text">{m.message.body.text}</p>
        {m.attachments.map((a) => (
          <a key={a.id} href={`/api/attachments/${a.id}`}>
            {t('msg.attachment')}: {a.filename}
          </a>
        ))}
        <ul className="recipients">
          {m.recipients.map((x) => (
            <li key={x.agency} data-testid="recipient-status">
              {x.agency}: {x.ackedAt ? `${t('msg.acknowledged')} (${x.ackedBy ?? ''}, ${dateTime(x.ackedAt)})` : x.status}
            </li>
          ))}
        </ul>
        {!mine && r && !r.ackedAt && (
          <p>
            <span className={`countdown ${due !== null && due < 0 ? 'overdue' : ''}`} data-testid="ack-countdown">
              {due !== null && (due < 0 ? `${t('board.overdue')} ${countdown(due)}` : `${t('board.dueIn')} ${countdown(due)}`)}
            </span>{' '}
            <button onClick={() => act(() => api('POST', `/api/messages/${m.message.id}/acknowledge`))} data-testid="acknowledge">
              {t('msg.acknowledge')}
            </button>
          </p>
        )}
        {repliesTo(m.message.id).length > 0 && (
          <ul className="thread" data-testid="thread">
            {repliesTo(m.message.id).map((a) => (
              <li key={a.message.id}>
                <strong>{a.message.envelope.originator}</strong> <small>{dateTime(a.message.createdAt)}</small> {a.message.envelope.grading && <span className="badge">{a.message.envelope.grading}</span>}
                <p className="text">{a.message.body.text}</p>
              </li>
            ))}
          </ul>
        )}
        {!mine && r?.ackedAt && <AnswerForm id={m.message.id} onDone={load} />}
        {mine && m.recipients.some((x) => x.status !== 'recalled') && <RecallForm id={m.message.id} onDone={load} />}
      </li>
    );
  };

  return (
    <div className="messages">
      <p className={`live ${connected ? 'on' : 'off'}`} role="status">
        {connected ? t('live.connected') : t('live.connecting')}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <Compose onSent={load} />
      <div className="grid">
        <section className="card wide">
          <h2>{t('msg.inbox')}</h2>
          <ul className="list">{received.map((m) => row(m, false))}</ul>
        </section>
        <section className="card wide">
          <h2>{t('msg.sent')}</h2>
          <ul className="list">{sent.map((m) => row(m, true))}</ul>
        </section>
      </div>
    </div>
  );
}

function AnswerForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="row"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', `/api/messages/${id}/answer`, { text, grading: 'B2' });
          setText('');
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <input value={text} onChange={(e) => setText(e.target.value)} aria-label={t('msg.answer')} />
      <button type="submit">{t('msg.answer')}</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function RecallForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="row"
      data-testid="recall"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api('POST', `/api/messages/${id}/recall`, { reason });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('screen.reason')} aria-label={t('msg.recall')} required minLength={3} />
      <button type="submit" className="secondary">
        {t('msg.recall')}
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function Compose({ onSent }: { onSent: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ to: '', subject: '', text: '', priority: 'urgent', kind: 'request', handling: 'H1', grading: 'B2' });
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="card form"
      data-testid="compose"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          const attachments = file ? [{ filename: file.name, contentType: file.type || 'application/octet-stream', base64: await toBase64(file) }] : [];
          await api('POST', '/api/messages', {
            to: { agencies: f.to.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean), countries: [] },
            subject: f.subject,
            text: f.text,
            priority: f.priority,
            kind: f.kind,
            handling: { code: f.handling },
            grading: f.grading,
            ...(attachments.length ? { attachments } : {}),
          });
          setF({ ...f, subject: '', text: '' });
          setFile(null);
          onSent();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <h2>{t('msg.compose')}</h2>
      <TextField label={t('msg.to')} name="to" value={f.to} onChange={set('to')} placeholder="BE-VSSE" required />
      <TextField label={t('msg.subject')} name="subject" value={f.subject} onChange={set('subject')} required />
      <label>
        {t('msg.text')}
        <textarea name="text" value={f.text} onChange={set('text')} required />
      </label>
      <label>
        {t('msg.priority')}
        <select name="priority" value={f.priority} onChange={set('priority')}>
          {['flash', 'urgent', 'priority', 'routine'].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        {t('msg.kind')}
        <select name="kind" value={f.kind} onChange={set('kind')}>
          <option>request</option>
          <option>message</option>
        </select>
      </label>
      <SelectField label={t('env.handling')} name="handling" value={f.handling} onChange={set('handling')} values={HANDLING} />
      <TextField label={t('env.grading')} name="grading" value={f.grading} onChange={set('grading')} maxLength={2} />
      <label>
        {t('msg.attachment')}
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit">{t('msg.send')}</button>
    </form>
  );
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
