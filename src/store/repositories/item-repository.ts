import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Classification, Envelope, Grading, HandlingCode, ItemStatus, SubjectCategory, Tlp } from '../../domain/envelope.js';
import { classificationRank } from '../../domain/envelope.js';
import type { Annotation, Item, ItemVersion } from '../../domain/item.js';
import type { ReadScope } from '../../domain/policy.js';
import type { Database, ItemTable } from '../schema.js';

export interface ItemFilter {
  kind?: string;
  originator?: string;
  /** Country of the originator agency. */
  country?: string;
  subjectCategory?: string;
  status?: ItemStatus;
  /** overdue: reviewBy passed; due: within `dueWithinDays`. */
  review?: 'overdue' | 'due' | 'ok';
  today?: string;
  dueBy?: string;
  /** Case-insensitive words, all of which must appear in the search text. */
  text?: string;
  /** A JSON containment on the body, e.g. { alertKind: 'interpol-red' }. */
  bodyContains?: Record<string, unknown>;
  ids?: string[];
}

function toItem(r: Selectable<ItemTable>): Item {
  const envelope: Envelope = {
    originator: r.originator,
    releaseTo: { countries: r.release_countries, agencies: r.release_agencies },
    classification: r.classification as Classification,
    handling: { code: r.handling as HandlingCode, text: r.handling_text },
    tlp: r.tlp as Tlp,
    grading: r.grading as Grading | null,
    subjectCategory: r.subject_category as SubjectCategory | null,
    legalBasis: r.legal_basis,
    purpose: r.purpose,
    reviewBy: r.review_by,
    status: r.status as ItemStatus,
  };
  return {
    id: r.id,
    kind: r.kind,
    envelope,
    version: r.version,
    title: r.title,
    body: r.body as unknown as Record<string, unknown>,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function envelopeColumns(e: Envelope) {
  return {
    originator: e.originator,
    release_countries: e.releaseTo.countries,
    release_agencies: e.releaseTo.agencies,
    classification: e.classification,
    classification_rank: classificationRank(e.classification),
    handling: e.handling.code,
    handling_text: e.handling.text ?? null,
    tlp: e.tlp,
    grading: e.grading,
    subject_category: e.subjectCategory,
    legal_basis: e.legalBasis,
    purpose: e.purpose,
    review_by: e.reviewBy,
    status: e.status,
  };
}

/** The SQL form of policy.inReadScope — the policy tests prove the two agree. */
function scopePredicate(eb: ExpressionBuilder<Database, 'items'>, scope: ReadScope): Expression<SqlBool> {
  return eb.and([
    eb('status', '!=', 'erased'),
    eb('classification_rank', '<=', scope.maxClassificationRank),
    eb.or([
      eb('originator', '=', scope.agency),
      eb.and([
        eb('status', '=', 'active'),
        eb.or([
          sql<SqlBool>`${scope.agency} = any(release_agencies)`,
          sql<SqlBool>`${scope.country} = any(release_countries)`,
        ]),
      ]),
    ]),
  ]);
}

export class ItemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(item: Item, searchText: string): Promise<void> {
    await this.db
      .insertInto('items')
      .values({
        id: item.id,
        kind: item.kind,
        ...envelopeColumns(item.envelope),
        version: item.version,
        title: item.title,
        search_text: searchText,
        body: JSON.stringify(item.body),
        created_at: item.createdAt,
        created_by: item.createdBy,
        updated_at: item.updatedAt,
        updated_by: item.updatedBy,
      })
      .execute();
  }

  async find(id: string): Promise<Item | undefined> {
    const r = await this.db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toItem(r);
  }

  /** Row lock for an update in this transaction. */
  async findForUpdate(id: string): Promise<Item | undefined> {
    const r = await this.db.selectFrom('items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return r && toItem(r);
  }

  /** Writes a new version only if the stored one is still `expectedVersion`; returns false on a stale write. */
  async update(item: Item, expectedVersion: number, searchText: string): Promise<boolean> {
    const r = await this.db
      .updateTable('items')
      .set({
        ...envelopeColumns(item.envelope),
        version: item.version,
        title: item.title,
        search_text: searchText,
        body: JSON.stringify(item.body),
        updated_at: item.updatedAt,
        updated_by: item.updatedBy,
      })
      .where('id', '=', item.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertVersion(v: ItemVersion): Promise<void> {
    await this.db
      .insertInto('item_versions')
      .values({
        item_id: v.itemId,
        version: v.version,
        snapshot: JSON.stringify(v.snapshot),
        diff: JSON.stringify(v.diff),
        reason: v.reason,
        changed_at: v.changedAt,
        changed_by: v.changedBy,
      })
      .execute();
  }

  async versions(itemId: string): Promise<ItemVersion[]> {
    const rows = await this.db.selectFrom('item_versions').selectAll().where('item_id', '=', itemId).orderBy('version').execute();
    return rows.map((r) => ({
      itemId: r.item_id,
      version: r.version,
      snapshot: r.snapshot as unknown as ItemVersion['snapshot'],
      diff: r.diff as unknown as ItemVersion['diff'],
      reason: r.reason,
      changedAt: r.changed_at,
      changedBy: r.changed_by,
    }));
  }

  /** Erasure: personal data removed from the item and from every stored version; the row stays as a tombstone. */
  async erase(id: string, tombstone: Record<string, unknown>, now: Date, by: string): Promise<void> {
    await this.db
      .updateTable('items')
      .set({ status: 'erased', title: '[erased]', search_text: '', body: JSON.stringify(tombstone), updated_at: now, updated_by: by })
      .where('id', '=', id)
      .execute();
    await this.db
      .updateTable('item_versions')
      .set({ snapshot: JSON.stringify({ erased: true }), diff: JSON.stringify([]) })
      .where('item_id', '=', id)
      .execute();
  }

  private filtered(scope: ReadScope, f: ItemFilter) {
    let q = this.db.selectFrom('items').where((eb) => scopePredicate(eb, scope));
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.originator) q = q.where('originator', '=', f.originator);
    if (f.country) q = q.where('originator', 'in', (eb) => eb.selectFrom('agencies').select('code').where('country', '=', f.country!));
    if (f.subjectCategory) q = q.where('subject_category', '=', f.subjectCategory);
    q = q.where('status', '=', f.status ?? 'active');
    if (f.review && f.today) {
      if (f.review === 'overdue') q = q.where('review_by', '<', f.today);
      else if (f.review === 'due') q = q.where('review_by', '>=', f.today).where('review_by', '<=', f.dueBy ?? f.today);
      else q = q.where('review_by', '>', f.dueBy ?? f.today);
    }
    if (f.text) {
      for (const word of f.text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
        q = q.where('search_text', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
    }
    if (f.bodyContains) q = q.where(sql<SqlBool>`body @> ${JSON.stringify(f.bodyContains)}::jsonb`);
    if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<SqlBool>`false`);
    return q;
  }

  /** Newest first, keyset-paginated by id (UUIDv7 follows creation order). */
  async list(scope: ReadScope, f: ItemFilter, page: { before?: string; limit: number }): Promise<Item[]> {
    let q = this.filtered(scope, f).selectAll().orderBy('id', 'desc').limit(page.limit);
    if (page.before) q = q.where('id', '<', page.before);
    return (await q.execute()).map(toItem);
  }

  async count(scope: ReadScope, f: ItemFilter): Promise<number> {
    const r = await this.filtered(scope, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Every visible item of a kind (optionally of one originator), for in-memory indexes and owner-side lists. */
  async all(scope: ReadScope | null, kind: string, originator?: string): Promise<Item[]> {
    let q = this.db.selectFrom('items').selectAll().where('kind', '=', kind).where('status', '=', 'active');
    if (scope) q = q.where((eb) => scopePredicate(eb, scope));
    if (originator) q = q.where('originator', '=', originator);
    return (await q.orderBy('id').execute()).map(toItem);
  }

  async insertAnnotation(a: Annotation): Promise<void> {
    await this.db
      .insertInto('annotations')
      .values({ id: a.id, item_id: a.itemId, agency: a.agency, author: a.author, statement: a.statement, text: a.text, at: a.at })
      .execute();
  }

  async annotations(itemId: string): Promise<Annotation[]> {
    const rows = await this.db.selectFrom('annotations').selectAll().where('item_id', '=', itemId).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, itemId: r.item_id, agency: r.agency, author: r.author, statement: r.statement as Annotation['statement'], text: r.text, at: r.at }));
  }

  async deleteAnnotations(itemId: string): Promise<void> {
    await this.db.deleteFrom('annotations').where('item_id', '=', itemId).execute();
  }

  /** Alerts placed on a subject (any originator). */
  async alertsOf(subjectId: string): Promise<Item[]> {
    const rows = await this.db
      .selectFrom('items')
      .selectAll()
      .where('kind', '=', 'alert')
      .where(sql<SqlBool>`body->>'subjectId' = ${subjectId}`)
      .orderBy('id')
      .execute();
    return rows.map(toItem);
  }

  /** Items past (or near) their review date, for their owners. */
  async dueForReview(originator: string, until: string, limit: number): Promise<Item[]> {
    const rows = await this.db
      .selectFrom('items')
      .selectAll()
      .where('originator', '=', originator)
      .where('status', '=', 'active')
      .where('review_by', '<=', until)
      .orderBy('review_by')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toItem);
  }


}
