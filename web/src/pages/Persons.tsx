import { useEffect, useState } from 'react';
import { api, ApiError, errorText, type Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { LinkGraph, type GraphNode } from './LinkGraph.js';
import { ReportForm } from './Records.js';
import { CATEGORIES, CLASSIFICATIONS, HANDLING, TLPS } from '../vocab.js';
import { Options } from '../Options.js';
import { TextField, SelectField } from '../fields.js';

interface ItemView {
  id: string;
  kind: string;
  version: number;
  title: string;
  envelope: { originator: string; releaseTo: { countries: string[]; agencies: string[] }; classification: string; handling: { code: string; text?: string | null }; tlp: string; grading: string | null; subjectCategory: string | null; reviewBy: string; status: string; legalBasis: string; purpose: string };
  body: any;
  updatedAt: string;
  access: { h1Marking: boolean; restriction: string | null; reviewOverdue: boolean; relation: string; breakGlass?: boolean };
}

export function Badges({ item }: { item: ItemView }) {
  const e = item.envelope;
  return (
    <span className="badges">
      <span className={`badge tlp-${e.tlp.replace('+', '-')}`}>TLP:{e.tlp.toUpperCase()}</span>
      <span className="badge">{e.handling.code}</span>
      {e.grading && <span className="badge">{e.grading}</span>}
      <span className="badge">{e.classification}</span>
      {e.subjectCategory && <span className="badge">{e.subjectCategory}</span>}
      {item.access.reviewOverdue && <span className="badge red">review overdue</span>}
    </span>
  );
}

/** The reason for consulting personal data: asked once, kept for the session, sent with every request. */
export function useJustification(): [string, (s: string) => void] {
  const [j, setJ] = useState(sessionStorage.getItem('atalaya.justification') ?? '');
  return [j, (s) => {
    sessionStorage.setItem('atalaya.justification', s);
    setJ(s);
  }];
}

export function JustificationField({ value, onChange }: { value: string; onChange: (s: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="justification">
      {t('persons.justification')}
      <input name="justification" value={value} onChange={(e) => onChange(e.target.value)} minLength={8} required />
    </label>
  );
}

export function Persons({ me, initial = null }: { me: Me; initial?: string | null }) {
  const { t, dateTime } = useI18n();
  const [justification, setJustification] = useJustification();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ score: number; band: string; item: ItemView }[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initial);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState('');

  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const r = await api('GET', `/api/subjects/search?name=${encodeURIComponent(query)}&limit=20`, undefined, { justification });
      setResults(r.results);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="persons">
      <form className="card row" onSubmit={search} data-testid="person-search">
        <JustificationField value={justification} onChange={setJustification} />
        <label className="grow">
          {t('persons.search')}
          <input name="q" value={query} onChange={(e) => setQuery(e.target.value)} required />
        </label>
        <button type="submit">{t('persons.find')}</button>
        <button type="button" className="secondary" onClick={() => setCreating(true)} data-testid="new-person">
          {t('persons.new')}
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {creating && (
        <PersonForm
          me={me}
          onDone={(id) => {
            setCreating(false);
            if (id) setSelected(id);
          }}
        />
      )}
      {results && (
        <section className="card">
          {results.length === 0 && <p>{t('persons.noResults')}</p>}
          <ul className="results" data-testid="results">
            {results.map((r) => (
              <li key={r.item.id}>
                <button className="link" onClick={() => setSelected(r.item.id)}>
                  {r.item.title}
                </button>{' '}
                <span className={`badge band-${r.band}`}>
                  {r.band} {r.score.toFixed(2)}
                </span>{' '}
                <small>{r.item.envelope.originator}</small> <Badges item={r.item} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {selected && <PersonPage id={selected} me={me} justification={justification} dateTime={dateTime} />}
    </div>
  );
}

function PersonPage({ id, me, justification, dateTime }: { id: string; me: Me; justification: string; dateTime: (s: string) => string }) {
  const { t } = useI18n();
  const [item, setItem] = useState<ItemView | null>(null);
  const [linked, setLinked] = useState<GraphNode[]>([]);
  const [annotations, setAnnotations] = useState<{ agency: string; statement: string; text: string; at: string }[]>([]);
  const [reload, setReload] = useState(0);
  const [reports, setReports] = useState<ItemView[]>([]);
  const [breakGlassOffered, setBreakGlassOffered] = useState(false);
  const [alerts, setAlerts] = useState<ItemView[]>([]);
  const [history, setHistory] = useState<{ version: number; reason: string; changedAt: string; changedBy: string; diff: { path: string }[] }[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    setError('');
    api<ItemView>('GET', `/api/subjects/${id}`, undefined, { justification })
      .then(async (i: ItemView & { annotations?: { agency: string; statement: string; text: string; at: string }[] }) => {
        setItem(i);
        setAnnotations(i.annotations ?? []);
        // Linked persons: named only when the viewer may see them.
        const nodes: GraphNode[] = [];
        for (const l of (i.body.links ?? []) as { subjectId: string }[]) {
          const other = await api<ItemView>('GET', `/api/subjects/${l.subjectId}`, undefined, { justification }).catch(() => null);
          nodes.push({ id: l.subjectId, label: other ? other.title : t('persons.notVisible'), visible: !!other });
        }
        setLinked(nodes);
        const r = await api('GET', '/api/reports?limit=200', undefined, { justification }).catch(() => ({ items: [] }));
        setReports((r.items as ItemView[]).filter((x) => (x.body.about?.subjects ?? []).includes(id)));
        const a = await api('GET', `/api/alerts?subjectId=${id}`, undefined, { justification }).catch(() => ({ items: [] }));
        setAlerts(a.items);
        const h = await api('GET', `/api/subjects/${id}/history`, undefined, { justification }).catch(() => ({ versions: [] }));
        setHistory(h.versions ?? []);
      })
      .catch((e) => {
        setError(errorText(e));
        // Not released to this agency: an emergency, justified, notified opening can be asked for.
        setBreakGlassOffered(e instanceof ApiError && (e.status === 404 || e.status === 403));
      });
  }, [id, justification, reload]);
  if (error)
    return (
      <div className="card">
        <p className="error" role="alert">
          {error}
        </p>
        {breakGlassOffered && (
          <button
            className="secondary"
            data-testid="break-glass"
            onClick={() => {
              setError('');
              api<ItemView>('GET', `/api/subjects/${id}`, undefined, { justification, headers: { 'x-break-glass': '1' } }).then(setItem, (e) => setError(errorText(e)));
            }}
          >
            {t('persons.breakGlass')}
          </button>
        )}
      </div>
    );
  if (!item) return <p>{t('common.loading')}</p>;
  const b = item.body;
  return (
    <article className="card person" data-testid="person-page">
      <h2>
        {item.title} <Badges item={item} />
      </h2>
      {item.access.breakGlass && <p className="restriction" data-testid="break-glass-notice">{t('persons.breakGlassNotice')}</p>}
      {item.access.restriction && <p className="restriction">{item.access.restriction}</p>}
      {item.access.h1Marking && <p className="restriction">H1 — not to be used as evidence without the originator’s consent</p>}
      <p>
        {item.envelope.originator} · {t('persons.review')} {item.envelope.reviewBy} · v{item.version} · {dateTime(item.updatedAt)}
      </p>
      <h3>{t('persons.names')}</h3>
      <ul>
        {b.names.map((n: { full: string; script: string; kind: string }, i: number) => (
          <li key={i} dir="auto">
            <bdi>{n.full}</bdi> <small>({n.script}, {n.kind})</small>
          </li>
        ))}
      </ul>
      <p>
        {b.datesOfBirth?.join(', ')} · {b.nationalities?.join(', ')} · {b.gender}
      </p>
      <h3>{t('persons.documents')}</h3>
      <ul>
        {b.documents.map((d: { type: string; number: string; issuingCountry: string }, i: number) => (
          <li key={i}>
            {d.type} {d.number} ({d.issuingCountry})
          </li>
        ))}
      </ul>
      <h3>{t('persons.alerts')}</h3>
      <ul>
        {alerts.map((a) => (
          <li key={a.id}>
            <strong>{a.body.alertKind}</strong> {a.body.reference} — {t('screen.actionOnHit')}: {a.body.actionOnHit}
          </li>
        ))}
      </ul>
      {b.links?.length > 0 && (
        <>
          <h3>{t('persons.links')}</h3>
          {linked.length === b.links.length && <LinkGraph center={{ id: item.id, label: item.title, visible: true }} nodes={linked} edges={b.links.map((l: { subjectId: string; kind: string }) => ({ from: item.id, to: l.subjectId, kind: l.kind }))} />}
          <ul>
            {b.links.map((l: { subjectId: string; kind: string; basis: string }, i: number) => (
              <li key={i}>
                {l.kind}: {linked.find((n) => n.id === l.subjectId)?.label ?? l.subjectId} — {l.basis}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('records.reports')}</h3>
      <ul data-testid="person-reports">
        {reports.map((r) => (
          <li key={r.id}>
            <a href="#records">{r.title}</a> <Badges item={r} /> <small>{r.envelope.originator}</small>
          </li>
        ))}
      </ul>
      {item.envelope.originator === me.agency && <ReportForm me={me} about={item.id} onDone={() => setReload(reload + 1)} />}
      <h3>{t('persons.annotations')}</h3>
      <ul data-testid="annotations">
        {annotations.map((a, i) => (
          <li key={i}>
            <span className="badge">{a.statement}</span> <strong>{a.agency}</strong> {a.text} <small>{dateTime(a.at)}</small>
          </li>
        ))}
      </ul>
      {item.envelope.originator !== me.agency && <AnnotateForm id={item.id} justification={justification} onDone={() => setReload(reload + 1)} />}
      {item.envelope.originator === me.agency && <ReleaseForm item={item} onDone={() => setReload(reload + 1)} />}
      {item.envelope.originator === me.agency && <AddDetailsForm item={item} onDone={() => setReload(reload + 1)} />}
      {item.envelope.originator === me.agency && <ReviewForm item={item} onDone={() => setReload(reload + 1)} />}
      <h3>{t('persons.history')}</h3>
      <ul>
        {history.map((h) => (
          <li key={h.version}>
            v{h.version} {dateTime(h.changedAt)} — {h.reason} ({h.diff.map((d) => d.path).join(', ')})
          </li>
        ))}
      </ul>
    </article>
  );
}

function AnnotateForm({ id, justification, onDone }: { id: string; justification: string; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [statement, setStatement] = useState('assessment');
  const [error, setError] = useState('');
  return (
    <form
      className="row"
      data-testid="annotate"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await api('POST', `/api/subjects/${id}/annotations`, { text, statement }, { justification });
          setText('');
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <select value={statement} onChange={(e) => setStatement(e.target.value)} aria-label={t('persons.statement')}>
        <option value="assessment">assessment</option>
        <option value="fact">fact</option>
      </select>
      <input className="grow" value={text} onChange={(e) => setText(e.target.value)} aria-label={t('persons.annotate')} placeholder={t('persons.annotate')} required />
      <button type="submit">{t('persons.annotate')}</button>
      {error && <span className="error" role="alert">{error}</span>}
    </form>
  );
}

/** The owner corrects or completes the record: another name, a date of birth, a document — with a reason (versioned). */
function AddDetailsForm({ item, onDone }: { item: ItemView; onDone: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [dob, setDob] = useState('');
  const [doc, setDoc] = useState('');
  const [country, setCountry] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [removed, setRemoved] = useState<number[]>([]);
  const e0 = item.envelope;
  const [env, setEnv] = useState({ handling: e0.handling.code, handlingText: e0.handling.text ?? '', tlp: e0.tlp, grading: e0.grading ?? '', classification: e0.classification, subjectCategory: e0.subjectCategory ?? 'suspect', legalBasis: e0.legalBasis ?? '', purpose: e0.purpose ?? '' });
  const b = item.body;
  return (
    <form
      className="form"
      data-testid="edit-person"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        const kept = b.names.filter((_: unknown, i: number) => !removed.includes(i));
        const body = {
          ...b,
          names: name.trim() ? [...kept, { full: name.trim(), script: /[\u0600-\u06FF]/.test(name) ? 'arabic' : 'latin', kind: 'alias' }] : kept,
          datesOfBirth: dob.trim() ? [...b.datesOfBirth, dob.trim()] : b.datesOfBirth,
          documents: doc.trim() ? [...b.documents, { type: 'passport', number: doc.trim(), issuingCountry: (country || b.nationalities[0] || '').toUpperCase() }] : b.documents,
        };
        try {
          const envelope: Record<string, unknown> = {};
          if (env.handling !== e0.handling.code || env.handlingText !== (e0.handling.text ?? '')) envelope.handling = { code: env.handling, ...(env.handlingText ? { text: env.handlingText } : {}) };
          if (env.tlp !== e0.tlp) envelope.tlp = env.tlp;
          if ((env.grading || null) !== e0.grading) envelope.grading = env.grading || null;
          if (env.classification !== e0.classification) envelope.classification = env.classification;
          if (env.subjectCategory !== e0.subjectCategory) envelope.subjectCategory = env.subjectCategory;
          if (env.legalBasis !== e0.legalBasis) envelope.legalBasis = env.legalBasis;
          if (env.purpose !== e0.purpose) envelope.purpose = env.purpose;
          await api('PATCH', `/api/subjects/${item.id}`, { body, reason, ...(Object.keys(envelope).length ? { envelope } : {}) }, { headers: { 'if-match': `"${item.version}"` } });
          setRemoved([]);
          setName('');
          setDob('');
          setDoc('');
          setReason('');
          onDone();
        } catch (err) {
          setError(err instanceof ApiError ? `${err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}` : String(err));
        }
      }}
    >
      <h3>{t('persons.edit')}</h3>
      <fieldset>
        <legend>{t('persons.names')}</legend>
        {b.names.map((n: { full: string; kind: string }, i: number) => (
          <label key={i} className="check">
            <input type="checkbox" checked={removed.includes(i)} disabled={n.kind === 'primary'} onChange={(e) => setRemoved(e.target.checked ? [...removed, i] : removed.filter((x) => x !== i))} data-testid="remove-name" />{' '}
            <bdi>{n.full}</bdi> — {t('persons.remove')}
          </label>
        ))}
      </fieldset>
      <label>
        {t('env.handling')}
        <select value={env.handling} onChange={(e) => setEnv({ ...env, handling: e.target.value })} name="editHandling">
          <Options values={HANDLING} />
        </select>
      </label>
      <label>
        {t('env.handlingText')}
        <input value={env.handlingText} onChange={(e) => setEnv({ ...env, handlingText: e.target.value })} name="editHandlingText" />
      </label>
      <label>
        {t('env.tlp')}
        <select value={env.tlp} onChange={(e) => setEnv({ ...env, tlp: e.target.value })} name="editTlp">
          <Options values={TLPS} />
        </select>
      </label>
      <label>
        {t('env.grading')}
        <input value={env.grading} onChange={(e) => setEnv({ ...env, grading: e.target.value })} maxLength={2} name="editGrading" />
      </label>
      <label>
        {t('env.classification')}
        <select value={env.classification} onChange={(e) => setEnv({ ...env, classification: e.target.value })} name="editClassification">
          <Options values={CLASSIFICATIONS} />
        </select>
      </label>
      <label>
        {t('persons.category')}
        <select value={env.subjectCategory} onChange={(e) => setEnv({ ...env, subjectCategory: e.target.value })} name="editCategory">
          <Options values={CATEGORIES} />
        </select>
      </label>
      <label>
        {t('env.legalBasis')}
        <input value={env.legalBasis} onChange={(e) => setEnv({ ...env, legalBasis: e.target.value })} name="editLegalBasis" />
      </label>
      <label>
        {t('env.purpose')}
        <input value={env.purpose} onChange={(e) => setEnv({ ...env, purpose: e.target.value })} name="editPurpose" />
      </label>
      <label>
        {t('persons.otherName')}
        <input name="alias" dir="auto" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('persons.dob')}
        <input name="dob" value={dob} onChange={(e) => setDob(e.target.value)} />
      </label>
      <label>
        {t('persons.documents')}
        <input name="document" value={doc} onChange={(e) => setDoc(e.target.value)} />
      </label>
      <label>
        {t('persons.nationality')}
        <input name="documentCountry" value={country} onChange={(e) => setCountry(e.target.value)} maxLength={2} />
      </label>
      <label>
        {t('screen.reason')}
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit">{t('persons.save')}</button>
    </form>
  );
}

/** Review (Directive 2016/680 art. 5): keep with a new date, archive, or erase — the owner decides, with a reason. */
function ReviewForm({ item, onDone }: { item: ItemView; onDone: () => void }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState('keep');
  const [reviewBy, setReviewBy] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="row"
      data-testid="review"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await api('POST', `/api/subjects/${item.id}/review`, { decision, reason, ...(decision === 'keep' ? { reviewBy } : {}) }, { headers: { 'if-match': `"${item.version}"` } });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <strong>
        {t('persons.review')} {item.envelope.reviewBy}
      </strong>
      <select value={decision} onChange={(e) => setDecision(e.target.value)} aria-label={t('persons.reviewDecision')}>
        <option value="keep">keep</option>
        <option value="archive">archive</option>
        <option value="erase">erase</option>
      </select>
      {decision === 'keep' && <input type="date" value={reviewBy} onChange={(e) => setReviewBy(e.target.value)} aria-label={t('persons.review')} required />}
      <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('screen.reason')} aria-label={t('screen.reason')} required minLength={3} />
      <button type="submit" className="secondary">
        {t('persons.reviewDecision')}
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function ReleaseForm({ item, onDone }: { item: ItemView; onDone: () => void }) {
  const { t } = useI18n();
  const [countries, setCountries] = useState(item.envelope.releaseTo.countries.join(','));
  const [agencies, setAgencies] = useState(item.envelope.releaseTo.agencies.join(','));
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const list = (s: string) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean);
  return (
    <form
      className="row"
      data-testid="release"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await api('POST', `/api/subjects/${item.id}/release`, { releaseTo: { countries: list(countries), agencies: list(agencies) }, reason }, { headers: { 'if-match': `"${item.version}"` } });
          setReason('');
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        {t('env.releaseTo')}
        <input name="countries" value={countries} onChange={(e) => setCountries(e.target.value)} />
      </label>
      <label>
        {t('persons.agencies')}
        <input name="agencies" value={agencies} onChange={(e) => setAgencies(e.target.value)} />
      </label>
      <label className="grow">
        {t('screen.reason')}
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      </label>
      <button type="submit">{t('persons.release')}</button>
      {error && <span className="error" role="alert">{error}</span>}
    </form>
  );
}

function PersonForm({ me, onDone }: { me: Me; onDone: (id: string | null) => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ primary: '', other: '', dob: '', nationality: '', category: 'suspect', releaseTo: '', releaseAgencies: '', handling: 'H2', handlingText: '', tlp: 'amber', grading: 'B2', classification: 'restricted', legalBasis: '', purpose: '', reviewBy: '' });
  const [errors, setErrors] = useState<string[]>([]);
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const scriptOf = (s: string) => (/[\u0600-\u06FF]/.test(s) ? 'arabic' : 'latin');
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors([]);
    const names = [{ full: f.primary.trim(), script: scriptOf(f.primary), kind: 'primary' }, ...(f.other.trim() ? [{ full: f.other.trim(), script: scriptOf(f.other), kind: 'transliteration' }] : [])];
    try {
      const r = await api('POST', '/api/subjects', {
        envelope: {
          releaseTo: { countries: f.releaseTo.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean), agencies: f.releaseAgencies.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean) },
          classification: f.classification,
          handling: { code: f.handling, ...(f.handlingText.trim() ? { text: f.handlingText.trim() } : {}) },
          ...(f.reviewBy ? { reviewBy: f.reviewBy } : {}),
          tlp: f.tlp,
          grading: f.grading || null,
          subjectCategory: f.category,
          legalBasis: f.legalBasis,
          purpose: f.purpose,
        },
        body: { names, datesOfBirth: f.dob ? [f.dob] : [], nationalities: f.nationality ? [f.nationality.toUpperCase()] : [] },
      });
      onDone(r.id);
    } catch (err) {
      if (err instanceof ApiError) setErrors([err.message]);
      else setErrors([String(err)]);
    }
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="person-form">
      <h2>{t('persons.new')} — {me.agency}</h2>
      <TextField label={t('persons.primaryName')} name="primary" dir="auto" value={f.primary} onChange={set('primary')} required />
      <TextField label={t('persons.otherName')} name="other" dir="auto" value={f.other} onChange={set('other')} />
      <TextField label={t('persons.dob')} name="dob" value={f.dob} onChange={set('dob')} />
      <TextField label={t('persons.nationality')} name="nationality" value={f.nationality} onChange={set('nationality')} maxLength={2} />
      <SelectField label={t('persons.category')} name="category" value={f.category} onChange={set('category')} values={CATEGORIES} />
      <TextField label={t('env.releaseTo')} name="releaseTo" value={f.releaseTo} onChange={set('releaseTo')} placeholder="FR,ES,BE" />
      <TextField label={t('persons.agencies')} name="releaseAgencies" value={f.releaseAgencies} onChange={set('releaseAgencies')} placeholder="BE-VSSE" />
      <SelectField label={t('env.handling')} name="handling" value={f.handling} onChange={set('handling')} values={HANDLING} />
      <TextField label={t('env.handlingText')} name="handlingText" value={f.handlingText} onChange={set('handlingText')} required={f.handling === 'H3'} />
      <TextField label={t('persons.review')} name="reviewBy" type="date" value={f.reviewBy} onChange={set('reviewBy')} />
      <SelectField label={t('env.tlp')} name="tlp" value={f.tlp} onChange={set('tlp')} values={TLPS} />
      <TextField label={t('env.grading')} name="grading" value={f.grading} onChange={set('grading')} maxLength={2} />
      <SelectField label={t('env.classification')} name="classification" value={f.classification} onChange={set('classification')} values={CLASSIFICATIONS} />
      <TextField label={t('env.legalBasis')} name="legalBasis" value={f.legalBasis} onChange={set('legalBasis')} required />
      <TextField label={t('env.purpose')} name="purpose" value={f.purpose} onChange={set('purpose')} required />
      {errors.map((e) => (
        <p key={e} className="error" role="alert">
          {e}
        </p>
      ))}
      <button type="submit">{t('persons.save')}</button>
    </form>
  );
}
