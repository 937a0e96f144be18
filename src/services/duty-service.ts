// Who is on duty per agency, the shift log, and handover notes that the next shift must acknowledge.
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import { hasContentRole, hasRole, type Actor } from '../domain/identity.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import type { LiveEvents } from './live-events.js';

export class DutyService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  async addShift(actor: Actor, input: { userId?: string | undefined; startsAt: string; endsAt: string }, meta: RequestMeta) {
    return this.audit.audited(actor, meta, 'duty.shift.add', async (tx, note) => {
      const userId = input.userId ?? actor.userId;
      if (userId !== actor.userId && !hasRole(actor, 'supervisor')) throw new ForbiddenError('Only supervisors put others on the roster', 'not_supervisor');
      const user = await tx.identities.findUser(userId);
      if (!user || user.agency !== actor.agency) throw new NotFoundError(`No user ${userId} in ${actor.agency}`, 'user_not_found');
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      if (!(endsAt > startsAt)) throw new ValidationError('A shift ends after it starts', undefined, 'bad_shift');
      if (endsAt.getTime() - startsAt.getTime() > 24 * 3_600_000) throw new ValidationError('A shift lasts at most 24 hours', undefined, 'bad_shift');
      const id = uuidv7(this.clock.now().getTime());
      await tx.exchange.insertShift({ id, agency: actor.agency, userId, startsAt, endsAt });
      note.details = { shift: id, user: userId };
      return { id, agency: actor.agency, userId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
    });
  }

  async onDuty() {
    return (await this.store.exchange.onDuty(this.clock.now())).map((s) => ({ agency: s.agency, userId: s.userId, displayName: s.displayName, until: s.endsAt.toISOString() }));
  }

  async write(actor: Actor, input: { text: string; kind: 'entry' | 'handover' }, meta: RequestMeta) {
    if (!hasContentRole(actor)) throw new ForbiddenError('The shift log is for the officers of the cell', 'no_content_role');
    return this.audit.audited(actor, meta, `duty.log.${input.kind}`, async (tx, note) => {
      const id = uuidv7(this.clock.now().getTime());
      const at = this.clock.now();
      await tx.exchange.insertLog({ id, agency: actor.agency, author: actor.userId, at, kind: input.kind, text: input.text });
      await this.live.publish(tx, { kind: input.kind === 'handover' ? 'duty.handover' : 'duty.log', agencies: [actor.agency], payload: { id, author: actor.displayName, at: at.toISOString(), kind: input.kind } });
      note.details = { entry: id };
      return { id, at: at.toISOString() };
    });
  }

  async log(actor: Actor, limit: number) {
    if (!hasContentRole(actor)) throw new ForbiddenError('The shift log is for the officers of the cell', 'no_content_role');
    return (await this.store.exchange.log(actor.agency, limit)).map((e) => ({ ...e, at: e.at.toISOString(), ackedAt: e.ackedAt?.toISOString() ?? null }));
  }

  async acknowledgeHandover(actor: Actor, id: string, meta: RequestMeta) {
    return this.audit.audited(actor, meta, 'duty.handover.acknowledge', async (tx, note) => {
      note.details = { entry: id };
      const r = await tx.exchange.ackHandover(id, actor.agency, actor.userId, this.clock.now());
      if (r === 'missing') throw new NotFoundError(`No handover note ${id}`, 'handover_not_found');
      if (r === 'already') throw new ConflictError('This handover was already acknowledged', 'already_acknowledged');
      if (r === 'own') throw new ForbiddenError('The next shift acknowledges a handover, not its author', 'own_handover');
      return { id, acknowledged: true };
    });
  }
}
