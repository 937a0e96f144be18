// The use cases every operational item shares: create, view, list/search, update with history, release, review.
// Each asks the policy, acts, and writes its audit entry in one transaction.
import type { Config } from '../config.js';
import type { Envelope, Grading } from '../domain/envelope.js';
import type { EnvelopeInput, EnvelopePatch } from '../domain/envelope-input.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PreconditionRequiredError,
  ValidationError,
} from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import { diffValues, type Annotation, type Item, type ItemVersion } from '../domain/item.js';
import type { ItemKind } from '../domain/kinds.js';
import { decide, inReadScope, isCleared, readScope, type Decision, type ItemAction, type PolicyContext } from '../domain/policy.js';
import { hasRole } from '../domain/identity.js';
import type { ItemFilter } from '../store/repositories/item-repository.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import { ItemEvents } from './item-events.js';
import type { Directory } from './directory.js';

export interface ItemPage {
  items: { item: Item; decision: Decision }[];
  total: number;
  nextCursor: string | null;
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Maps a refusal to the error its caller sees. Items one may not see are "not found": existence is not leaked. */
export function refusal(decision: Decision, action: ItemAction, id: string): DomainError {
  switch (decision.reason) {
    case 'not-released':
    case 'same-country':
    case 'insufficient-clearance':
    case 'no-content-role':
      // Whatever the action, an item one may not see does not exist for them: no 403 that would confirm it.
      return new NotFoundError(`No item ${id}`, 'item_not_found');
    case 'archived':
      return decision.relation === 'owner'
        ? new ForbiddenError(`Item ${id} is archived`, 'archived')
        : new NotFoundError(`No item ${id}`, 'item_not_found');
    case 'erased':
      return new GoneError(`Item ${id} was erased`, 'erased');
    case 'justification-required':
    case 'break-glass-justification-required':
      return new ForbiddenError(
        'This item holds personal data: say why you consult it (a justification of at least a few words)',
        'justification_required',
        { needs: decision.needs },
      );
    default:
      return new ForbiddenError(`You may not ${action} item ${id}: ${decision.reason}`, decision.reason.replaceAll('-', '_'));
  }
}

export class ItemService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
    readonly events: ItemEvents = new ItemEvents(),
    private readonly directory?: Directory,
  ) {}

  /** Set by the context: what else happens, in the same transaction, when items are disclosed or changed. */
  hooks: {
    disclosed?: (tx: Store, item: Item, agencies: string[], via: string) => Promise<void>;
    changed?: (tx: Store, item: Item, how: 'created' | 'corrected' | 'recalled' | 'erased' | 'released', reason: string, actor: Actor) => Promise<void>;
  } = {};

  private async audienceAgencies(tx: Store, envelope: Envelope): Promise<string[]> {
    const agencies = new Set(envelope.releaseTo.agencies);
    if (envelope.releaseTo.countries.length) {
      for (const a of this.directory ? await this.directory.agencies(tx) : await tx.identities.listAgencies()) if (envelope.releaseTo.countries.includes(a.country)) agencies.add(a.code);
    }
    agencies.delete(envelope.originator);
    return [...agencies].sort();
  }

  /** Runs a mutation, then tells the listeners which items changed (after commit). */
  private async changing<T extends { id: string; kind?: string }>(work: Promise<T>): Promise<T> {
    const item = await work;
    this.events.changed([item.id], item.kind);
    return item;
  }

  private ctx(meta: RequestMeta): PolicyContext {
    return { now: this.clock.now(), justification: meta.justification, breakGlass: meta.breakGlass };
  }

  private async originatorCountry(tx: Store, agency: string): Promise<string | undefined> {
    return (await tx.identities.findAgency(agency))?.country;
  }

  /** Checks an envelope against the kind and the cell's countries and agencies. */
  private async validateEnvelope(tx: Store, kind: ItemKind<any>, e: Envelope, options: { reviewDateChanged: boolean }): Promise<void> {
    const countries = this.directory ? await this.directory.countries(tx) : await tx.identities.countryCodes();
    const unknownCountries = e.releaseTo.countries.filter((c) => !countries.has(c));
    if (unknownCountries.length) {
      throw new ValidationError(`releaseTo names unknown countries: ${unknownCountries.join(', ')}`, { countries: unknownCountries }, 'unknown_country');
    }
    const agencies = new Set((this.directory ? await this.directory.agencies(tx) : await tx.identities.listAgencies()).map((a) => a.code));
    const unknownAgencies = e.releaseTo.agencies.filter((a) => !agencies.has(a));
    if (unknownAgencies.length) {
      throw new ValidationError(`releaseTo names unknown agencies: ${unknownAgencies.join(', ')}`, { agencies: unknownAgencies }, 'unknown_agency');
    }
    if (kind.gradingRequired && !e.grading) throw new ValidationError(`A ${kind.kind} needs its 4x4 grading`, { field: 'grading' }, 'grading_required');
    if (kind.personalData === 'always' && !e.subjectCategory) {
      throw new ValidationError(`A ${kind.kind} holds personal data: subjectCategory is required`, { field: 'subjectCategory' }, 'subject_category_required');
    }
    if (kind.personalData === 'never' && e.subjectCategory) {
      throw new ValidationError(`A ${kind.kind} holds no personal data: leave subjectCategory out`, { field: 'subjectCategory' }, 'subject_category_not_allowed');
    }
    if (!options.reviewDateChanged) return;
    const today = this.clock.now().toISOString().slice(0, 10);
    if (e.reviewBy <= today) throw new ValidationError('reviewBy must be a future date', { field: 'reviewBy' }, 'review_date_past');
    if (e.reviewBy > addDays(this.clock.now(), 5 * 366)) {
      throw new ValidationError('reviewBy may be at most five years ahead', { field: 'reviewBy' }, 'review_date_too_far');
    }
  }

  private parseBody<B extends Record<string, unknown>>(kind: ItemKind<B>, body: unknown): B {
    const parsed = kind.body.safeParse(body);
    if (!parsed.success) {
      throw new ValidationError(`Invalid ${kind.kind}`, parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
    }
    return parsed.data;
  }

  async create<B extends Record<string, unknown>>(
    actor: Actor,
    kind: ItemKind<B>,
    input: { envelope: EnvelopeInput; body: unknown },
    meta: RequestMeta,
    options: { id?: string; after?: (tx: Store, item: Item<B>, note: { recipients: string[] }) => Promise<void> } = {},
  ): Promise<Item<B>> {
    return this.changing(this.audit.audited(actor, meta, `${kind.kind}.create`, async (tx, note) => {
      const now = this.clock.now();
      const parsed = this.parseBody(kind, input.body);
      const body = kind.prepare ? kind.prepare(parsed, actor, now) : parsed;
      await this.checkReferences(tx, actor, kind, body);
      const envelope: Envelope = {
        originator: actor.agency,
        releaseTo: { countries: [...new Set(input.envelope.releaseTo.countries)], agencies: [...new Set(input.envelope.releaseTo.agencies)] },
        classification: input.envelope.classification,
        handling: { code: input.envelope.handling.code, text: input.envelope.handling.text ?? null },
        tlp: input.envelope.tlp,
        grading: (input.envelope.grading ?? null) as Grading | null,
        subjectCategory: input.envelope.subjectCategory ?? null,
        legalBasis: input.envelope.legalBasis,
        purpose: input.envelope.purpose,
        reviewBy: input.envelope.reviewBy ?? addDays(now, this.config.reviewDays[kind.kind] ?? 365),
        status: 'active',
      };
      await this.validateEnvelope(tx, kind, envelope, { reviewDateChanged: true });
      const decision = decide(actor, 'create', envelope, this.ctx(meta));
      if (!decision.allow) throw refusal(decision, 'create', 'new');
      const item: Item<B> = {
        id: options.id ?? uuidv7(now.getTime()),
        kind: kind.kind,
        envelope,
        version: 1,
        title: kind.title(body),
        body,
        createdAt: now,
        createdBy: actor.userId,
        updatedAt: now,
        updatedBy: actor.userId,
      };
      await tx.items.insert(item, kind.searchText(body));
      note.items = [item.id];
      note.recipients = [...envelope.releaseTo.countries, ...envelope.releaseTo.agencies];
      if (kind.kind !== 'message') {
        const audience = await this.audienceAgencies(tx, envelope);
        if (audience.length) await this.hooks.disclosed?.(tx, item, audience, 'release');
      }
      await this.hooks.changed?.(tx, item, 'created', '', actor);
      await options.after?.(tx, item, note);
      note.details = { kind: kind.kind, version: 1, handling: envelope.handling.code, classification: envelope.classification };
      return item;
    }));
  }

  /** Loads an item the actor may act on, or throws the refusal (404 for what they may not see). */
  private async authorised(tx: Store, actor: Actor, id: string, action: ItemAction, meta: RequestMeta, kind?: ItemKind<any>): Promise<{ item: Item; decision: Decision }> {
    const item = action === 'view' || action === 'list' ? await tx.items.find(id) : await tx.items.findForUpdate(id);
    if (!item || (kind && item.kind !== kind.kind)) throw new NotFoundError(`No item ${id}`, 'item_not_found');
    const decision = decide(actor, action, item.envelope, this.ctx(meta), await this.originatorCountry(tx, item.envelope.originator));
    if (!decision.allow) throw refusal(decision, action, id);
    return { item, decision };
  }

  async view(actor: Actor, id: string, meta: RequestMeta, kind?: ItemKind<any>): Promise<{ item: Item; decision: Decision; annotations: Annotation[] }> {
    return this.audit.audited(actor, meta, `${kind?.kind ?? 'item'}.view`, async (tx, note) => {
      note.items = [id];
      const result = await this.authorised(tx, actor, id, 'view', meta, kind);
      if (result.decision.breakGlass) await this.breakGlass(tx, actor, result.item, meta, note);
      return { ...result, annotations: await tx.items.annotations(id) };
    });
  }

  /** Break-glass: the owner agency and the actor's supervisors are told at once; the entry is flagged for review. */
  private async breakGlass(tx: Store, actor: Actor, item: Item, meta: RequestMeta, note: { flagged: boolean; details: Record<string, unknown> }) {
    const now = this.clock.now();
    note.flagged = true;
    note.details = { ...note.details, breakGlass: true };
    const payload = { actor: actor.userId, actorAgency: actor.agency, justification: meta.justification, itemKind: item.kind };
    await tx.notifications.insert({ at: now, agency: item.envelope.originator, roles: null, kind: 'break-glass', itemId: item.id, payload });
    await tx.notifications.insert({ at: now, agency: actor.agency, roles: ['supervisor'], kind: 'break-glass', itemId: item.id, payload });
  }

  async list(
    actor: Actor,
    kind: ItemKind<any>,
    filter: Omit<ItemFilter, 'kind' | 'today' | 'dueBy'>,
    page: { cursor?: string | undefined; limit: number },
    meta: RequestMeta,
    action: 'list' | 'search' = filter.text ? 'search' : 'list',
  ): Promise<ItemPage> {
    return this.audit.audited(actor, meta, `${kind.kind}.${action}`, async (tx, note) => {
      const scope = readScope(actor, action);
      note.details = { filter: { ...filter }, cursor: page.cursor ?? null };
      if (!scope) throw new ForbiddenError('Your roles give no access to operational content', 'no_content_role');
      if (kind.personalData !== 'never' && !(meta.justification && meta.justification.trim().length >= 8)) {
        if (kind.personalData === 'always' || filter.subjectCategory) {
          throw new ForbiddenError('Listing or searching personal data needs a justification', 'justification_required', { needs: ['justification'] });
        }
      }
      const now = this.clock.now();
      const full: ItemFilter = {
        ...filter,
        kind: kind.kind,
        today: now.toISOString().slice(0, 10),
        dueBy: addDays(now, this.config.reviewDueSoonDays),
      };
      const rows = await tx.items.list(scope, full, { ...(page.cursor ? { before: page.cursor } : {}), limit: page.limit + 1 });
      const ctx = this.ctx(meta);
      const countries = new Map((await tx.identities.listAgencies()).map((a) => [a.code, a.country]));
      // The store's scope is the policy's own predicate; every row is still asked of `decide`.
      const decided = rows.map((item) => ({ item, decision: decide(actor, action, item.envelope, ctx, countries.get(item.envelope.originator)) }));
      const refusedPersonal = decided.filter((d) => !d.decision.allow && d.decision.reason === 'justification-required');
      if (refusedPersonal.length) {
        throw new ForbiddenError('Some results hold personal data: say why you search (a justification)', 'justification_required', { needs: ['justification'] });
      }
      const visible = decided.filter((d) => d.decision.allow);
      const hasMore = visible.length > page.limit;
      const items = visible.slice(0, page.limit);
      const total = await tx.items.count(scope, full);
      note.items = items.map((d) => d.item.id);
      note.details = { ...note.details, returned: items.length, total };
      return { items, total, nextCursor: hasMore ? items[items.length - 1]!.item.id : null };
    });
  }

  async update<B extends Record<string, unknown>>(
    actor: Actor,
    kind: ItemKind<B>,
    id: string,
    input: { envelope?: EnvelopePatch | undefined; body?: unknown; reason: string },
    expectedVersion: number | undefined,
    meta: RequestMeta,
  ): Promise<Item<B>> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError('Send If-Match with the version you are changing');
    return this.changing(this.audit.audited(actor, meta, `${kind.kind}.update`, async (tx, note) => {
      note.items = [id];
      const { item } = await this.authorised(tx, actor, id, 'update', meta, kind);
      if (item.version !== expectedVersion) {
        throw new ConflictError(`Item ${id} is at version ${item.version}, not ${expectedVersion}: reload and apply your change again`, 'stale_version', {
          currentVersion: item.version,
        });
      }
      let body = item.body as B;
      if (input.body !== undefined) {
        const parsed = this.parseBody(kind, input.body);
        body = kind.prepare ? kind.prepare(parsed, actor, this.clock.now()) : parsed;
        await this.checkReferences(tx, actor, kind, body);
      }
      const patch = input.envelope ?? {};
      const envelope: Envelope = {
        ...item.envelope,
        ...(patch.classification ? { classification: patch.classification } : {}),
        ...(patch.handling ? { handling: { code: patch.handling.code, text: patch.handling.text ?? null } } : {}),
        ...(patch.tlp ? { tlp: patch.tlp } : {}),
        ...(patch.grading !== undefined ? { grading: (patch.grading ?? null) as Grading | null } : {}),
        ...(patch.subjectCategory !== undefined ? { subjectCategory: patch.subjectCategory ?? null } : {}),
        ...(patch.legalBasis ? { legalBasis: patch.legalBasis } : {}),
        ...(patch.purpose ? { purpose: patch.purpose } : {}),
        ...(patch.reviewBy ? { reviewBy: patch.reviewBy } : {}),
      };
      await this.validateEnvelope(tx, kind, envelope, { reviewDateChanged: !!patch.reviewBy });
      const next = await this.writeVersion(tx, actor, kind, item, envelope, body, input.reason, note);
      await this.hooks.changed?.(tx, next, 'corrected', input.reason, actor);
      return next;
    }));
  }

  /** Stores the previous version with a field diff and the reason, then the new one. */
  private async writeVersion<B extends Record<string, unknown>>(
    tx: Store,
    actor: Actor,
    kind: ItemKind<B>,
    item: Item,
    envelope: Envelope,
    body: B,
    reason: string,
    note: { details: Record<string, unknown> },
  ): Promise<Item<B>> {
    const now = this.clock.now();
    const title = kind.title(body);
    const diff = diffValues({ envelope: item.envelope, title: item.title, body: item.body }, { envelope, title, body });
    if (!diff.length) throw new ValidationError('Nothing changed', undefined, 'no_change');
    const next: Item<B> = { ...item, envelope, title, body, version: item.version + 1, updatedAt: now, updatedBy: actor.userId } as Item<B>;
    const version: ItemVersion = {
      itemId: item.id,
      version: next.version,
      snapshot: { envelope: item.envelope, title: item.title, body: item.body },
      diff,
      reason,
      changedAt: now,
      changedBy: actor.userId,
    };
    await tx.items.insertVersion(version);
    if (!(await tx.items.update(next, item.version, kind.searchText(body)))) {
      throw new ConflictError(`Item ${item.id} changed while you were editing it`, 'stale_version');
    }
    note.details = { kind: kind.kind, version: next.version, reason, fields: diff.map((d) => d.path) };
    return next;
  }

  /** Originator control: only the owner changes who an item is released to. */
  async release<B extends Record<string, unknown>>(
    actor: Actor,
    kind: ItemKind<B>,
    id: string,
    input: { releaseTo: { countries: string[]; agencies: string[] }; reason: string },
    expectedVersion: number | undefined,
    meta: RequestMeta,
  ): Promise<Item<B>> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError('Send If-Match with the version you are changing');
    return this.changing(this.audit.audited(actor, meta, `${kind.kind}.release`, async (tx, note) => {
      note.items = [id];
      const { item } = await this.authorised(tx, actor, id, 'release', meta, kind);
      if (item.version !== expectedVersion) {
        throw new ConflictError(`Item ${id} is at version ${item.version}, not ${expectedVersion}`, 'stale_version', { currentVersion: item.version });
      }
      const releaseTo = { countries: [...new Set(input.releaseTo.countries)].sort(), agencies: [...new Set(input.releaseTo.agencies)].sort() };
      const envelope = { ...item.envelope, releaseTo };
      await this.validateEnvelope(tx, kind, envelope, { reviewDateChanged: false });
      const before = new Set([...item.envelope.releaseTo.countries, ...item.envelope.releaseTo.agencies]);
      const updated = await this.writeVersion(tx, actor, kind, item, envelope, item.body as B, input.reason, note);
      note.recipients = [...releaseTo.countries, ...releaseTo.agencies].filter((r) => !before.has(r));
      const was = new Set(await this.audienceAgencies(tx, item.envelope));
      const added = (await this.audienceAgencies(tx, envelope)).filter((a) => !was.has(a));
      if (added.length) await this.hooks.disclosed?.(tx, updated, added, 'release');
      await this.hooks.changed?.(tx, updated, 'released', input.reason, actor);
      note.details = { ...note.details, releaseTo, withdrawn: [...before].filter((r) => !releaseTo.countries.includes(r) && !releaseTo.agencies.includes(r)) };
      return updated;
    }));
  }

  /** References to other items must exist, be of the right kind, and be visible to the author. */
  private async checkReferences<B extends Record<string, unknown>>(tx: Store, actor: Actor, kind: ItemKind<B>, body: B): Promise<void> {
    const refs = kind.references?.(body) ?? [];
    const bad: { path: string; message: string }[] = [];
    // Pointing at an item is not consulting it: the author's read scope is what matters.
    const scope = readScope(actor, 'view');
    for (const ref of refs) {
      const target = await tx.items.find(ref.id);
      const visible = !!scope && !!target && target.kind === ref.kind && inReadScope(scope, target.envelope);
      if (!visible) bad.push({ path: ref.path, message: `no ${ref.kind} ${ref.id} that you may see` });
    }
    if (bad.length) throw new ValidationError(`Unknown references: ${bad.map((b) => b.message).join('; ')}`, bad, 'unknown_reference');
  }

  /**
   * Review (Directive 2016/680 art. 5): keep (with a reason and a new review date), archive, or erase — personal
   * data removed from the item and its history, an audit tombstone kept, and the id answering 410 from then on.
   */
  async review<B extends Record<string, unknown>>(
    actor: Actor,
    kind: ItemKind<B>,
    id: string,
    input: { decision: 'keep' | 'archive' | 'erase'; reason: string; reviewBy?: string | undefined },
    expectedVersion: number | undefined,
    meta: RequestMeta,
  ): Promise<Item<B>> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError('Send If-Match with the version you are reviewing');
    return this.changing(this.audit.audited(actor, meta, `${kind.kind}.review.${input.decision}`, async (tx, note) => {
      note.items = [id];
      const { item } = await this.authorised(tx, actor, id, 'review', meta, kind);
      if (item.version !== expectedVersion) {
        throw new ConflictError(`Item ${id} is at version ${item.version}, not ${expectedVersion}`, 'stale_version', { currentVersion: item.version });
      }
      const now = this.clock.now();
      if (input.decision === 'keep') {
        if (!input.reviewBy) throw new ValidationError('Keeping an item needs its next review date (reviewBy)', { field: 'reviewBy' }, 'review_date_required');
        const envelope = { ...item.envelope, reviewBy: input.reviewBy };
        await this.validateEnvelope(tx, kind, envelope, { reviewDateChanged: true });
        return this.writeVersion(tx, actor, kind, item, envelope, item.body as B, `review: keep — ${input.reason}`, note);
      }
      if (input.decision === 'archive') {
        const envelope = { ...item.envelope, status: 'archived' as const };
        const archived = await this.writeVersion(tx, actor, kind, item, envelope, item.body as B, `review: archive — ${input.reason}`, note);
        await this.hooks.changed?.(tx, archived, 'recalled', input.reason, actor);
        return archived;
      }
      const erased = await this.eraseItem(tx, actor, item, input.reason, now);
      await this.hooks.changed?.(tx, erased, 'erased', input.reason, actor);
      // Alerts on an erased person go with it when they are ours; other owners are told to review theirs.
      if (item.kind === 'subject') {
        for (const alert of await tx.items.alertsOf(item.id)) {
          if (alert.envelope.status === 'erased') continue;
          if (alert.envelope.originator === actor.agency) {
            await this.eraseItem(tx, actor, alert, `subject ${item.id} erased: ${input.reason}`, now);
            note.items.push(alert.id);
          } else {
            await tx.notifications.insert({
              at: now,
              agency: alert.envelope.originator,
              roles: null,
              kind: 'referenced-subject-erased',
              itemId: alert.id,
              payload: { subjectId: item.id, by: actor.agency },
            });
          }
        }
      }
      note.details = { kind: item.kind, decision: 'erase', reason: input.reason, tombstone: true };
      return erased as Item<B>;
    }));
  }

  private async eraseItem(tx: Store, actor: Actor, item: Item, reason: string, now: Date): Promise<Item> {
    const tombstone = { erased: true, erasedAt: now.toISOString(), erasedBy: actor.agency, reason };
    await tx.items.erase(item.id, tombstone, now, actor.userId);
    await tx.items.deleteAnnotations(item.id);
    return { ...item, title: '[erased]', body: tombstone, envelope: { ...item.envelope, status: 'erased' }, updatedAt: now, updatedBy: actor.userId };
  }

  /** Adds a statement (fact or assessment) signed by the actor's agency to an item they may see. */
  async annotate(actor: Actor, kind: ItemKind<any>, id: string, input: { text: string; statement: 'fact' | 'assessment' }, meta: RequestMeta): Promise<Annotation> {
    return this.audit.audited(actor, meta, `${kind.kind}.annotate`, async (tx, note) => {
      note.items = [id];
      const { item } = await this.authorised(tx, actor, id, 'annotate', meta, kind);
      const now = this.clock.now();
      const annotation: Annotation = { id: uuidv7(now.getTime()), itemId: item.id, agency: actor.agency, author: actor.userId, statement: input.statement, text: input.text, at: now };
      await tx.items.insertAnnotation(annotation);
      note.details = { statement: input.statement, annotation: annotation.id };
      if (item.envelope.originator !== actor.agency) {
        await tx.notifications.insert({ at: now, agency: item.envelope.originator, roles: null, kind: 'annotation', itemId: item.id, payload: { by: actor.agency, statement: input.statement } });
      }
      return annotation;
    });
  }

  async annotations(itemId: string, tx: Store = this.store): Promise<Annotation[]> {
    return tx.items.annotations(itemId);
  }

  /** The actor's agency's items due for review (overdue first), every kind. */
  async dueForReview(actor: Actor, state: 'overdue' | 'due', limit: number, meta: RequestMeta): Promise<Item[]> {
    return this.audit.audited(actor, meta, 'review.list', async (tx, note) => {
      if (!hasRole(actor, 'analyst', 'supervisor')) throw new ForbiddenError('Reviews are for analysts and supervisors', 'role_not_permitted');
      const now = this.clock.now();
      const today = now.toISOString().slice(0, 10);
      const until = state === 'overdue' ? addDays(now, -1) : addDays(now, this.config.reviewDueSoonDays);
      const items = (await tx.items.dueForReview(actor.agency, until, limit)).filter((i) => isCleared(actor, i.envelope.classification));
      note.items = items.map((i) => i.id);
      note.details = { state, today, count: items.length };
      return items;
    });
  }

  async history(actor: Actor, kind: ItemKind<any>, id: string, meta: RequestMeta): Promise<{ item: Item; versions: ItemVersion[] }> {
    return this.audit.audited(actor, meta, `${kind.kind}.history`, async (tx, note) => {
      note.items = [id];
      const { item } = await this.authorised(tx, actor, id, 'view', meta, kind);
      return { item, versions: await tx.items.versions(id) };
    });
  }
}
