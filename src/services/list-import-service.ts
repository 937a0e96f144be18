// Imports published lists (UN consolidated XML, OFAC SDN CSV) into the cell as persons of interest with alerts,
// idempotently: re-importing updates what changed, leaves the rest, and marks delisted persons (closing their
// alerts), with a change report. One transaction and one audit entry per import.
import { canonicalJson } from '../audit/chain.js';
import type { Envelope } from '../domain/envelope.js';
import { ForbiddenError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import { diffValues, type Item } from '../domain/item.js';
import { decide } from '../domain/policy.js';
import { alertKind, scriptsOf, subjectKind, type AlertBody, type SubjectBody } from '../domain/records.js';
import type { ListedPerson, ListSource } from '../interop/lists.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ItemEvents } from './item-events.js';

export interface ListImportReport {
  list: ListSource;
  persons: number;
  created: string[];
  updated: string[];
  unchanged: number;
  delisted: string[];
  alertsClosed: number;
  skipped: { reference: string; reason: string }[];
}

const LIST_LABEL: Record<ListSource, string> = { 'un-sc': 'UN Security Council consolidated list', 'ofac-sdn': 'US Treasury OFAC SDN list', interpol: 'Interpol notices' };

/** Names as lists write them, made into the cell's names: one script per name, letters and punctuation only. */
export function listNames(p: ListedPerson): SubjectBody['names'] {
  const out: SubjectBody['names'] = [];
  const seen = new Set<string>();
  const add = (raw: string, kind: 'primary' | 'alias') => {
    const cleaned = raw.replace(/[^\p{L}\p{M}\s\-'’ʼ‘`.,()]/gu, ' ').replace(/\s+/g, ' ').trim();
    if (!cleaned) return;
    // A name written in two scripts ("Akrin Saleh (أقرين صالح)") becomes one name per script.
    const runs = cleaned.match(/[\p{Script=Arabic}\s\-'.,()]+|[^\p{Script=Arabic}]+/gu) ?? [];
    for (const run of runs) {
      const full = run.replace(/^[\s\-'.,()]+|[\s\-'.,()]+$/g, '').trim();
      if (!full || !/\p{L}/u.test(full) || seen.has(full) || full.length > 300) continue;
      const scripts = [...scriptsOf(full)];
      if (scripts.length !== 1) continue;
      seen.add(full);
      out.push({ full, script: scripts[0]!, kind: kind === 'primary' && !out.some((n) => n.kind === 'primary') ? 'primary' : 'alias' });
    }
  };
  add(p.primaryName, 'primary');
  for (const a of p.aliases) add(a.name, 'alias');
  return out.slice(0, 200);
}

function subjectBodyOf(p: ListedPerson): unknown {
  return {
    names: listNames(p),
    datesOfBirth: p.datesOfBirth,
    placesOfBirth: p.placesOfBirth.map((x) => ({ place: x.place.slice(0, 200), ...(x.country ? { country: x.country } : {}) })).slice(0, 20),
    nationalities: p.nationalities.slice(0, 10),
    gender: p.gender,
    documents: p.documents
      .map((d) => ({ type: d.type, number: d.number.replace(/[^\p{L}\p{N} \-/.]/gu, '').trim().slice(0, 40), issuingCountry: d.issuingCountry }))
      .filter((d) => d.number.length >= 2 && d.issuingCountry)
      .slice(0, 50),
    sources: [{ list: p.source, reference: p.reference, ...(p.programme ? { programme: p.programme.slice(0, 200) } : {}), ...(p.listedOn ? { listedOn: p.listedOn } : {}) }],
  };
}

function alertBodyOf(p: ListedPerson, subjectId: string, today: string, noticeKind?: 'red' | 'yellow' | 'un'): AlertBody {
  const interpol = p.source === 'interpol';
  return {
    subjectId,
    alertKind: interpol ? (noticeKind === 'yellow' ? 'interpol-yellow' : noticeKind === 'un' ? 'un-special-notice' : 'interpol-red') : p.source === 'un-sc' ? 'un-special-notice' : 'national-specific-check',
    actionOnHit: interpol
      ? noticeKind === 'yellow'
        ? 'Interpol yellow notice (missing person): establish identity and whereabouts, inform the originator.'
        : `Interpol ${noticeKind === 'un' ? 'UN special' : 'red'} notice${p.programme ? ` (warrants: ${p.programme})` : ''}: locate and provisionally arrest pending extradition where national law allows; inform the originator at once.`
      : p.source === 'un-sc'
        ? `Listed by the UN Security Council (${p.programme || 'sanctions'}): asset freeze and travel ban apply. Verify identity, inform the originator at once, do not tip off.`
        : `Listed by the US Treasury OFAC (SDN, ${p.programme || 'sanctions'}): verify identity and inform the originator; do not tip off.`,
    validFrom: p.listedOn && p.listedOn <= today ? p.listedOn : today,
    reference: p.reference.replace(/^UN:/, 'UN ').replace(/^OFAC:/, 'OFAC SDN ').replace(/^INTERPOL:/, ''),
    state: 'active',
  };
}

export class ListImportService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: ItemEvents,
  ) {}

  async import(
    actor: Actor,
    source: ListSource,
    persons: ListedPerson[],
    options: { releaseTo: { countries: string[]; agencies: string[] }; meta: RequestMeta; noticeKinds?: Map<string, 'red' | 'yellow' | 'un'>; partial?: boolean },
  ): Promise<ListImportReport> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const envelope: Envelope = {
      originator: actor.agency,
      releaseTo: options.releaseTo,
      classification: 'unclassified',
      handling: { code: 'H0', text: null },
      tlp: 'clear',
      grading: 'A1',
      subjectCategory: 'other',
      legalBasis: `${LIST_LABEL[source]} (public)`,
      purpose: 'Screening against published sanctions lists',
      reviewBy: new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10),
      status: 'active',
    };
    const decision = decide(actor, 'create', envelope, { now });
    if (!decision.allow) throw new ForbiddenError(`This account may not record persons for ${actor.agency} (${decision.reason})`, 'import_not_permitted');
    const report: ListImportReport = { list: source, persons: persons.length, created: [], updated: [], unchanged: 0, delisted: [], alertsClosed: 0, skipped: [] };
    const changed: string[] = [];
    const result = await this.audit.audited(actor, options.meta, `import.${source}`, async (tx, note) => {
      const countries = await tx.identities.countryCodes();
      const unknown = options.releaseTo.countries.filter((c) => !countries.has(c));
      if (unknown.length) throw new ValidationError(`releaseTo names unknown countries: ${unknown.join(', ')}`, { countries: unknown }, 'unknown_country');
      // What this originator already holds from this list, by reference.
      const held = new Map<string, Item>();
      for (const item of await tx.items.all(null, 'subject', actor.agency)) {
        for (const s of ((item.body as SubjectBody).sources ?? []).filter((x) => x.list === source)) held.set(s.reference, item);
      }
      const alertsBySubject = new Map<string, Item[]>();
      for (const a of await tx.items.all(null, 'alert', actor.agency)) {
        const list = alertsBySubject.get((a.body as AlertBody).subjectId) ?? [];
        list.push(a);
        alertsBySubject.set((a.body as AlertBody).subjectId, list);
      }
      const seen = new Set<string>();
      for (const p of persons) {
        if (seen.has(p.reference)) continue;
        seen.add(p.reference);
        const parsed = subjectKind.body.safeParse(subjectBodyOf(p));
        if (!parsed.success) {
          report.skipped.push({ reference: p.reference, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300) });
          continue;
        }
        const body = parsed.data;
        const existing = held.get(p.reference);
        if (!existing) {
          const id = uuidv7(now.getTime());
          await tx.items.insert(this.item(id, 'subject', envelope, subjectKind.title(body), body, actor, now), subjectKind.searchText(body));
          const alert = alertKind.body.parse(alertBodyOf(p, id, today, options.noticeKinds?.get(p.reference)));
          await tx.items.insert(this.item(uuidv7(now.getTime()), 'alert', envelope, alertKind.title(alert), alert, actor, now), alertKind.searchText(alert));
          report.created.push(id);
          changed.push(id);
          continue;
        }
        const before = existing.body as SubjectBody;
        // A person listed again after a delisting comes back: the delisting date goes.
        if (canonicalJson(before) === canonicalJson({ ...body, notes: before.notes, links: before.links })) {
          report.unchanged++;
          continue;
        }
        await this.version(tx, existing, { ...body, notes: before.notes, links: before.links }, `re-import of the ${LIST_LABEL[source]}`, actor, now);
        report.updated.push(existing.id);
        changed.push(existing.id);
      }
      // Delisted: held from this list, absent from this file.
      for (const [reference, item] of held) {
        if (seen.has(reference) || options.partial) continue;
        const body = item.body as SubjectBody;
        const sources = body.sources.map((s) => (s.list === source && s.reference === reference && !s.delistedOn ? { ...s, delistedOn: today } : s));
        if (canonicalJson(sources) === canonicalJson(body.sources)) continue;
        await this.version(tx, item, { ...body, sources }, `delisted from the ${LIST_LABEL[source]}`, actor, now);
        report.delisted.push(item.id);
        changed.push(item.id);
        for (const alert of alertsBySubject.get(item.id) ?? []) {
          const a = alert.body as AlertBody;
          if (a.state === 'closed') continue;
          await this.version(tx, alert, { ...a, state: 'closed', closedReason: `Delisted from the ${LIST_LABEL[source]} (${today})`, validUntil: today < a.validFrom ? a.validFrom : today }, 'delisted', actor, now);
          report.alertsClosed++;
          changed.push(alert.id);
        }
      }
      note.items = changed.slice(0, 10_000);
      note.details = {
        list: source,
        persons: persons.length,
        created: report.created.length,
        updated: report.updated.length,
        unchanged: report.unchanged,
        delisted: report.delisted.length,
        alertsClosed: report.alertsClosed,
        skipped: report.skipped.length,
      };
      return report;
    });
    this.events.changed(changed);
    return result;
  }

  private item(id: string, kind: string, envelope: Envelope, title: string, body: Record<string, unknown>, actor: Actor, now: Date): Item {
    return { id, kind, envelope, version: 1, title, body, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId };
  }

  private async version(tx: Store, item: Item, body: Record<string, unknown>, reason: string, actor: Actor, now: Date): Promise<void> {
    const kind = item.kind === 'alert' ? alertKind : subjectKind;
    const next: Item = { ...item, body, title: kind.title(body as never), version: item.version + 1, updatedAt: now, updatedBy: actor.userId };
    await tx.items.insertVersion({
      itemId: item.id,
      version: next.version,
      snapshot: { envelope: item.envelope, title: item.title, body: item.body },
      diff: diffValues({ body: item.body }, { body }),
      reason,
      changedAt: now,
      changedBy: actor.userId,
    });
    await tx.items.update(next, item.version, kind.searchText(body as never));
  }
}

