// Generic import of persons of interest from a CSV or JSON file with a column mapping (a partner's spreadsheet,
// an event's accreditation refusals, a national list). Every row is checked against the record's schema; rows that
// cannot be recorded are reported with their line number and reason, never dropped in silence. A dry run reports
// exactly what a real run would do and writes nothing. With a `reference` column the import is idempotent.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { envelopeInputSchema } from '../domain/envelope-input.js';
import type { Envelope, Grading } from '../domain/envelope.js';
import { ForbiddenError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import { diffValues, type Item } from '../domain/item.js';
import { decide } from '../domain/policy.js';
import { ALERT_KINDS, alertKind, DOCUMENT_TYPES, scriptsOf, subjectKind, type SubjectBody } from '../domain/records.js';
import { parseDates } from '../matching/dates.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ItemEvents } from './item-events.js';
import { canonicalJson } from '../audit/chain.js';

const column = z.string().trim().min(1).max(200);

/** Which column holds what. Only `name` is required; names may be spread over several columns (joined in order). */
export const personMappingSchema = z.strictObject({
  name: z.union([column, z.array(column).min(1).max(5)]),
  aliases: column.optional().describe('names separated by ; (any script)'),
  dob: column.optional().describe('dates as lists write them, separated by ;'),
  nationality: column.optional().describe('ISO 3166 alpha-2 codes separated by ; or ,'),
  gender: column.optional(),
  document: column.optional().describe('a travel document number'),
  documentType: column.optional(),
  documentCountry: column.optional().describe('the issuing country (ISO alpha-2); default: the first nationality'),
  reference: column.optional().describe('the source’s own key: makes re-imports update rather than duplicate'),
  note: column.optional().describe('free text kept as an assessment note'),
});
export type PersonMapping = z.infer<typeof personMappingSchema>;

export const recordImportOptionsSchema = z.strictObject({
  format: z.enum(['csv', 'json']),
  mapping: personMappingSchema,
  envelope: envelopeInputSchema,
  alert: z.strictObject({ alertKind: z.enum(ALERT_KINDS), actionOnHit: z.string().trim().min(3).max(2000) }).optional(),
  dryRun: z.boolean().default(false),
  /** Names the source in the persons' `sources` and in the audit trail. */
  source: z.string().trim().min(1).max(100).default('import'),
});
export type RecordImportOptions = z.input<typeof recordImportOptionsSchema>;

export interface RecordImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  alertsCreated: number;
  rejected: { line: number; reason: string }[];
  ids: string[];
}

const MAX_ROWS = 100_000;

const GENDER: Record<string, SubjectBody['gender']> = { m: 'male', male: 'male', h: 'male', homme: 'male', hombre: 'male', man: 'male', f: 'female', female: 'female', femme: 'female', mujer: 'female', vrouw: 'female', w: 'female' };

function cell(record: Record<string, unknown>, key: string | undefined): string {
  if (!key) return '';
  const v = record[key];
  return v === undefined || v === null ? '' : String(v).trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One row as a person's record, or why it cannot be one. */
export function rowToSubject(record: Record<string, unknown>, m: PersonMapping, source: string): SubjectBody | string {
  const primary = (Array.isArray(m.name) ? m.name : [m.name]).map((c) => cell(record, c)).filter(Boolean).join(' ').replace(/\s+/g, ' ');
  if (!primary) return `no name in ${JSON.stringify(m.name)}`;
  const names: unknown[] = [];
  const add = (full: string, kind: 'primary' | 'alias') => {
    const scripts = [...scriptsOf(full)];
    names.push({ full, script: scripts.length === 1 ? scripts[0] : 'other', kind });
  };
  add(primary, 'primary');
  for (const a of cell(record, m.aliases).split(';').map((x) => x.trim()).filter(Boolean)) if (a !== primary) add(a, 'alias');
  const dobText = cell(record, m.dob);
  const dates = parseDates(dobText).map((d) => `${d.y}${d.m ? `-${pad(d.m)}` : ''}${d.d ? `-${pad(d.d)}` : ''}`);
  if (dobText && !dates.length) return `date of birth "${dobText.slice(0, 40)}" is not a date`;
  const nationalities = cell(record, m.nationality).split(/[;,]/).map((x) => x.trim().toUpperCase()).filter(Boolean);
  const genderText = cell(record, m.gender).toLowerCase();
  const gender = genderText ? GENDER[genderText] : 'unknown';
  if (!gender) return `gender "${genderText.slice(0, 20)}" is neither female nor male (leave it empty when unknown)`;
  const documents: unknown[] = [];
  const number = cell(record, m.document);
  if (number) {
    const issuing = (cell(record, m.documentCountry) || nationalities[0] || '').toUpperCase();
    if (!issuing) return `document ${number.slice(0, 20)} has no issuing country (map documentCountry or nationality)`;
    const typeText = cell(record, m.documentType).toLowerCase() || 'passport';
    const type = (DOCUMENT_TYPES as readonly string[]).find((t) => t === typeText || t.startsWith(typeText)) ?? (/id|dni|cni|carte/.test(typeText) ? 'national-id' : 'other');
    documents.push({ type, number, issuingCountry: issuing });
  }
  const reference = cell(record, m.reference);
  const note = cell(record, m.note);
  const parsed = subjectKind.body.safeParse({
    names,
    datesOfBirth: dates,
    nationalities,
    gender,
    documents,
    sources: reference ? [{ list: 'other', reference: reference.slice(0, 100), programme: source }] : [],
    notes: note ? [{ text: note, statement: 'assessment' }] : [],
  });
  if (!parsed.success) return parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return parsed.data;
}

export class RecordImportService {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: ItemEvents,
  ) {}

  /** Reads the rows of a CSV (header line) or JSON (an array of objects, or one object per line) text. */
  rows(text: string, format: 'csv' | 'json', rejected: RecordImportReport['rejected']): { line: number; record: Record<string, unknown> }[] {
    if (format === 'csv') {
      let out: { record: Record<string, unknown>; info: { lines: number } }[];
      try {
        out = parseCsv(text, {
          columns: true,
          bom: true,
          trim: true,
          skip_empty_lines: true,
          info: true,
          skip_records_with_error: true,
          on_skip: (e: { lines?: number; message: string } | undefined) => {
            if (e) rejected.push({ line: e.lines ?? 0, reason: e.message });
          },
        } as never) as never;
      } catch (e) {
        throw new ValidationError(`The CSV cannot be read: ${(e as Error).message}`, undefined, 'unreadable_file');
      }
      return out.map((r) => ({ line: r.info.lines, record: r.record }));
    }
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      let arr: unknown;
      try {
        arr = JSON.parse(trimmed);
      } catch (e) {
        throw new ValidationError(`The JSON cannot be read: ${(e as Error).message}`, undefined, 'unreadable_file');
      }
      return (arr as unknown[]).flatMap((record, i) => {
        if (!record || typeof record !== 'object' || Array.isArray(record)) {
          rejected.push({ line: i + 1, reason: 'not a JSON object' });
          return [];
        }
        return [{ line: i + 1, record: record as Record<string, unknown> }];
      });
    }
    return trimmed.split('\n').flatMap((text, i) => {
      if (!text.trim()) return [];
      try {
        const record = JSON.parse(text);
        if (record && typeof record === 'object' && !Array.isArray(record)) return [{ line: i + 1, record }];
        rejected.push({ line: i + 1, reason: 'not a JSON object' });
      } catch {
        rejected.push({ line: i + 1, reason: 'not valid JSON' });
      }
      return [];
    });
  }

  async importPersons(actor: Actor, text: string, input: RecordImportOptions, meta: RequestMeta): Promise<RecordImportReport> {
    const parsed = recordImportOptionsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new ValidationError(`Import options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, 'bad_import_options');
    }
    const opts = parsed.data;
    const now = this.clock.now();
    const e = opts.envelope;
    const envelope: Envelope = {
      originator: actor.agency,
      releaseTo: e.releaseTo,
      classification: e.classification,
      handling: { code: e.handling.code, text: e.handling.text ?? null },
      tlp: e.tlp,
      grading: (e.grading ?? null) as Grading | null,
      subjectCategory: e.subjectCategory ?? null,
      legalBasis: e.legalBasis,
      purpose: e.purpose,
      reviewBy: e.reviewBy ?? new Date(now.getTime() + 182 * 86_400_000).toISOString().slice(0, 10),
      status: 'active',
    };
    if (!envelope.subjectCategory) throw new ValidationError('Records of persons need their subject category (suspect, contact, …)', undefined, 'subject_category_required');
    const decision = decide(actor, 'create', envelope, { now });
    if (!decision.allow) throw new ForbiddenError(`This account may not record persons for ${actor.agency} (${decision.reason})`, 'import_not_permitted');

    const report: RecordImportReport = { dryRun: opts.dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, alertsCreated: 0, rejected: [], ids: [] };
    const rows = this.rows(text, opts.format, report.rejected);
    if (rows.length > MAX_ROWS) throw new ValidationError(`${rows.length} rows: at most ${MAX_ROWS} per import`, undefined, 'too_many_rows');
    if (opts.format === 'csv' && rows.length) {
      const wanted = Object.values(opts.mapping).flat().filter(Boolean) as string[];
      const missing = wanted.filter((c) => !(c in rows[0]!.record));
      if (missing.length) throw new ValidationError(`The file has no column ${missing.map((c) => JSON.stringify(c)).join(', ')} (columns: ${Object.keys(rows[0]!.record).join(', ')})`, { missing }, 'unknown_column');
    }
    report.rows = rows.length + report.rejected.length;

    const action = opts.dryRun ? 'import.records.dry-run' : 'import.records';
    const result = await this.audit.audited(actor, meta, action, async (tx, note) => {
      const countries = await tx.identities.countryCodes();
      const agencies = new Set((await tx.identities.listAgencies()).map((a) => a.code));
      const unknownRelease = [...envelope.releaseTo.countries.filter((c) => !countries.has(c)), ...envelope.releaseTo.agencies.filter((a) => !agencies.has(a))];
      if (unknownRelease.length) throw new ValidationError(`releaseTo names unknown countries or agencies: ${unknownRelease.join(', ')}`, undefined, 'unknown_country');
      const held = new Map<string, Item>();
      for (const item of await tx.items.all(null, 'subject', actor.agency)) for (const s of (item.body as SubjectBody).sources) if (s.list === 'other') held.set(s.reference, item);
      const seen = new Map<string, number>();
      for (const { line, record } of rows) {
        const body = rowToSubject(record, opts.mapping, opts.source);
        if (typeof body === 'string') {
          report.rejected.push({ line, reason: body });
          continue;
        }
        const reference = body.sources[0]?.reference;
        if (reference) {
          if (seen.has(reference)) {
            report.rejected.push({ line, reason: `reference ${reference} already on line ${seen.get(reference)}` });
            continue;
          }
          seen.set(reference, line);
        }
        const existing = reference ? held.get(reference) : undefined;
        if (existing) {
          const before = existing.body as SubjectBody;
          const next = { ...body, links: before.links, notes: [...before.notes, ...body.notes.filter((n) => !before.notes.some((b) => b.text === n.text))] };
          if (canonicalJson(next) === canonicalJson(before)) {
            report.unchanged++;
            continue;
          }
          if (!opts.dryRun) {
            const updated: Item = { ...existing, body: next, title: subjectKind.title(next), version: existing.version + 1, updatedAt: now, updatedBy: actor.userId };
            await tx.items.insertVersion({ itemId: existing.id, version: updated.version, snapshot: { envelope: existing.envelope, title: existing.title, body: existing.body }, diff: diffValues({ body: existing.body }, { body: next }), reason: `re-import from ${opts.source}`, changedAt: now, changedBy: actor.userId });
            await tx.items.update(updated, existing.version, subjectKind.searchText(next));
          }
          report.updated++;
          report.ids.push(existing.id);
          continue;
        }
        const id = uuidv7(now.getTime());
        const prepared = subjectKind.prepare ? subjectKind.prepare(body, { agency: actor.agency, userId: actor.userId }, now) : body;
        if (!opts.dryRun) {
          await tx.items.insert({ id, kind: 'subject', envelope, version: 1, title: subjectKind.title(prepared), body: prepared, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId }, subjectKind.searchText(prepared));
        }
        report.created++;
        report.ids.push(id);
        if (opts.alert) {
          const alert = alertKind.body.parse({ subjectId: id, alertKind: opts.alert.alertKind, actionOnHit: opts.alert.actionOnHit, validFrom: now.toISOString().slice(0, 10), ...(reference ? { reference: reference.slice(0, 100) } : {}) });
          if (!opts.dryRun) await tx.items.insert({ id: uuidv7(now.getTime()), kind: 'alert', envelope, version: 1, title: alertKind.title(alert), body: alert, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId }, alertKind.searchText(alert));
          report.alertsCreated++;
        }
      }
      report.rejected.sort((a, b) => a.line - b.line);
      note.items = opts.dryRun ? [] : report.ids.slice(0, 10_000);
      note.details = { source: opts.source, format: opts.format, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length, dryRun: opts.dryRun };
      return report;
    });
    if (!opts.dryRun) this.events.changed(result.ids, 'subject');
    return result;
  }
}
