// Cross-check: when a person of interest is recorded or changed, it is matched against the persons other agencies
// hold. For each possible match both owners are told — with content only where the policy lets them see the other
// record; otherwise only "agency X may hold information on this person: ask them". The holder decides whether to
// release. A named person decides; the system only points.
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import type { Item } from '../domain/item.js';
import { decide, inReadScope } from '../domain/policy.js';
import { subjectKind } from '../domain/records.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ItemService } from './item-service.js';
import type { LiveEvents } from './live-events.js';
import type { WatchlistService } from './watchlist-service.js';

const SYSTEM = { userId: 'system:cross-check', agency: null };
const SYSTEM_META: RequestMeta = { ip: null, userAgent: 'cross-check', justification: 'Automatic cross-check of a new or changed record', breakGlass: false };

export class CrossCheckService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly watchlist: WatchlistService,
    private readonly live: LiveEvents,
    private readonly items: ItemService,
    private readonly minScore: number,
  ) {}

  /** What one agency may know of the other's record. */
  private async viewFor(tx: Store, agency: string, other: Item): Promise<Record<string, unknown>> {
    const a = await tx.identities.findAgency(agency);
    const scope = a && { agency, country: a.country, maxClassificationRank: 3 };
    if (scope && inReadScope(scope, other.envelope)) return { holder: other.envelope.originator, subjectId: other.id, title: other.title };
    return { holder: other.envelope.originator, message: `${other.envelope.originator} may hold information on this person — ask them` };
  }

  /** Checks changed persons against other agencies' persons; returns the new possible matches. */
  async check(ids: string[]): Promise<number> {
    let found = 0;
    for (const id of ids) {
      const subject = await this.store.items.find(id);
      if (!subject || subject.kind !== 'subject' || subject.envelope.status !== 'active') continue;
      const matches = await this.watchlist.searchAll(subject, 10);
      for (const m of matches) {
        if (m.score < this.minScore) continue;
        const other = await this.store.items.find(m.id);
        if (!other || other.envelope.originator === subject.envelope.originator) continue;
        const [a, b] = subject.id < other.id ? [subject, other] : [other, subject];
        await this.store.transaction(async (tx) => {
          const ccId = uuidv7(this.clock.now().getTime());
          if (!(await tx.exchange.insertCrossCheck({ id: ccId, subjectA: a.id, agencyA: a.envelope.originator, subjectB: b.id, agencyB: b.envelope.originator, score: m.score, createdAt: this.clock.now() }))) return;
          found++;
          const now = this.clock.now();
          for (const [mine, theirs] of [
            [a, b],
            [b, a],
          ] as const) {
            const payload = { crossCheck: ccId, yourRecord: mine.id, yourTitle: mine.title, score: m.score, ...(await this.viewFor(tx, mine.envelope.originator, theirs)) };
            await tx.notifications.insert({ at: now, agency: mine.envelope.originator, roles: null, kind: 'cross-check', itemId: mine.id, payload });
            await this.live.publish(tx, { kind: 'crosscheck.hit', itemId: mine.id, agencies: [mine.envelope.originator], classification: mine.envelope.classification, payload });
          }
          await this.audit.append(tx, SYSTEM, SYSTEM_META, 'crosscheck.hit', 'success', {
            items: [a.id, b.id],
            recipients: [a.envelope.originator, b.envelope.originator],
            details: { crossCheck: ccId, score: m.score },
          });
        });
      }
    }
    return found;
  }

  async list(actor: Actor, decision?: string) {
    const rows = await this.store.exchange.crossChecksOf(actor.agency, decision);
    const out = [];
    for (const r of rows) {
      const mineIsA = r.agencyA === actor.agency;
      const mineId = mineIsA ? r.subjectA : r.subjectB;
      const theirsId = mineIsA ? r.subjectB : r.subjectA;
      const theirs = await this.store.items.find(theirsId);
      const mine = await this.store.items.find(mineId);
      const visible = theirs && decide(actor, 'view', theirs.envelope, { now: this.clock.now(), justification: 'cross-check' }).allow;
      out.push({
        id: r.id,
        score: r.score,
        createdAt: r.createdAt.toISOString(),
        decision: r.decision,
        yourRecord: mineId,
        yourTitle: mine?.title ?? null,
        holder: mineIsA ? r.agencyB : r.agencyA,
        ...(visible ? { theirRecord: theirsId, theirTitle: theirs!.title } : { message: `${mineIsA ? r.agencyB : r.agencyA} may hold information on this person — ask them` }),
      });
    }
    return out;
  }

  /** The holder of the record the other agency may not see decides: release it to them, or decline — with a reason. */
  async decide(actor: Actor, id: string, input: { decision: 'release' | 'decline'; reason: string }, meta: RequestMeta) {
    const cc = await this.store.transaction((tx) => tx.exchange.crossCheck(id));
    if (!cc || (cc.agencyA !== actor.agency && cc.agencyB !== actor.agency)) throw new NotFoundError(`No cross-check ${id}`, 'cross_check_not_found');
    if (cc.decision !== 'pending') throw new ConflictError('This cross-check was already decided', 'already_decided');
    const mineId = cc.agencyA === actor.agency ? cc.subjectA : cc.subjectB;
    const otherAgency = cc.agencyA === actor.agency ? cc.agencyB : cc.agencyA;
    if (input.decision === 'release') {
      const mine = await this.store.items.find(mineId);
      if (!mine) throw new NotFoundError(`No item ${mineId}`, 'item_not_found');
      const d = decide(actor, 'release', mine.envelope, { now: this.clock.now() });
      if (!d.allow) throw new ForbiddenError(`You may not release this record (${d.reason})`, d.reason.replaceAll('-', '_'));
      await this.items.release(
        actor,
        subjectKind,
        mineId,
        { releaseTo: { countries: mine.envelope.releaseTo.countries, agencies: [...mine.envelope.releaseTo.agencies, otherAgency] }, reason: `Cross-check: ${input.reason}` },
        mine.version,
        meta,
      );
    }
    await this.audit.audited(actor, meta, `crosscheck.${input.decision}`, async (tx, note) => {
      note.items = [cc.subjectA, cc.subjectB];
      note.recipients = input.decision === 'release' ? [otherAgency] : [];
      note.details = { crossCheck: id, reason: input.reason };
      if (!(await tx.exchange.decideCrossCheck(id, input.decision === 'release' ? 'released' : 'declined', actor.userId, input.reason, this.clock.now()))) {
        throw new ConflictError('This cross-check was already decided', 'already_decided');
      }
      await tx.notifications.insert({ at: this.clock.now(), agency: otherAgency, roles: null, kind: `cross-check-${input.decision}`, itemId: null, payload: { crossCheck: id, by: actor.agency, ...(input.decision === 'release' ? { subjectId: mineId } : {}) } });
    });
    return { id, decision: input.decision };
  }
}
