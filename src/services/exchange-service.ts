// Messages and requests for information between agencies, around the clock: delivery, reading, acknowledgement,
// answers, deadlines and escalation, forwarding under handling codes, corrections and recalls told to every past
// recipient (from the disclosure log). Deadlines are data: a restarted server escalates what fell due meanwhile.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Grading, HandlingCode } from '../domain/envelope.js';
import { isGrading } from '../domain/envelope.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { DEFAULT_ACK_MINUTES, messageKind, type MessageBody, type Priority } from '../domain/exchange.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import type { Item } from '../domain/item.js';
import { decide } from '../domain/policy.js';
import type { Recipient } from '../store/repositories/exchange-repository.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ItemService } from './item-service.js';
import type { LiveEvents } from './live-events.js';
import type { Directory } from './directory.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface NewMessage {
  to: { agencies: string[]; countries: string[] };
  subject: string;
  text: string;
  priority: Priority;
  kind: 'message' | 'request';
  answerDueAt?: string | undefined;
  handling: { code: HandlingCode; text?: string | null | undefined };
  grading: Grading | string;
  classification?: 'unclassified' | 'restricted' | 'confidential' | 'secret' | undefined;
  tlp?: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red' | undefined;
  subjectCategory?: 'suspect' | 'convicted' | 'potential-offender' | 'contact' | 'victim' | 'witness' | 'informant' | 'other' | null | undefined;
  links?: string[] | undefined;
  attachments?: { filename: string; contentType: string; base64: string }[] | undefined;
  inReplyTo?: string | undefined;
}

export interface MessageView {
  item: Item<MessageBody>;
  recipients: Recipient[];
  attachments: { id: string; filename: string; contentType: string; size: number; sha256: string }[];
}

export class ExchangeService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly items: ItemService,
    private readonly live: LiveEvents,
    private readonly config: Config,
    private readonly directory: Directory,
  ) {}

  private ackMinutes(priority: Priority): number {
    return this.config.ackMinutes?.[priority] ?? DEFAULT_ACK_MINUTES[priority];
  }

  /** Sends a message or request to agencies and/or countries. Linked items are disclosed only if the sender may. */
  async send(actor: Actor, input: NewMessage, meta: RequestMeta): Promise<MessageView> {
    const now = this.clock.now();
    if (!isGrading(input.grading)) throw new ValidationError('A message needs its 4x4 grading, e.g. B2', { field: 'grading' }, 'grading_required');
    if (input.answerDueAt && new Date(input.answerDueAt) <= now) throw new ValidationError('answerDueAt is in the past', { field: 'answerDueAt' }, 'deadline_past');
    for (const a of input.attachments ?? []) {
      if (Math.ceil((a.base64.length * 3) / 4) > MAX_ATTACHMENT_BYTES) throw new ValidationError(`Attachment ${a.filename} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, { filename: a.filename }, 'attachment_too_large');
    }
    // Recipients: agencies named, and every agency of the countries named; never the sender itself.
    const agencies = await this.directory.agencies();
    const known = new Set(agencies.map((a) => a.code));
    const unknownAgencies = input.to.agencies.filter((a) => !known.has(a));
    const countries = new Set(agencies.map((a) => a.country));
    const unknownCountries = input.to.countries.filter((c) => !countries.has(c));
    if (unknownAgencies.length || unknownCountries.length) {
      throw new ValidationError(`Unknown recipients: ${[...unknownAgencies, ...unknownCountries].join(', ')}`, { agencies: unknownAgencies, countries: unknownCountries }, 'unknown_recipient');
    }
    const recipients = [...new Set([...input.to.agencies, ...agencies.filter((a) => input.to.countries.includes(a.country)).map((a) => a.code)])].filter((a) => a !== actor.agency);
    if (!recipients.length) throw new ValidationError('A message needs at least one recipient agency other than your own', undefined, 'no_recipient');

    const body: Record<string, unknown> = {
      subject: input.subject,
      text: input.text,
      priority: input.priority,
      kind: input.kind,
      links: input.links ?? [],
      ...(input.answerDueAt ? { answerDueAt: input.answerDueAt } : {}),
      ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    };
    let sentRecipients: Recipient[] = [];
    const message = (await this.items.create(
      actor,
      messageKind,
      {
        envelope: {
          releaseTo: { countries: [], agencies: recipients },
          classification: input.classification ?? 'restricted',
          handling: { code: input.handling.code, text: input.handling.text ?? null },
          tlp: input.tlp ?? 'amber',
          grading: input.grading,
          subjectCategory: input.subjectCategory ?? null,
          legalBasis: 'Joint cell agreement: exchange between member services',
          purpose: input.kind === 'request' ? 'Request for information' : 'Information exchange',
        },
        body,
      },
      meta,
      {
        // Linking, attachments, recipients and the event belong to the same transaction as the message.
        after: async (tx, item, note) => {
          for (const id of input.links ?? []) {
            const linked = await tx.items.find(id);
            const d = linked && decide(actor, 'link', linked.envelope, { now, justification: meta.justification ?? `linked into message ${item.id}` });
            if (!linked || !d || (!d.allow && d.reason === 'not-released')) throw new NotFoundError(`No item ${id}`, 'item_not_found');
            if (!d.allow) throw new ForbiddenError(`Item ${id} cannot be disclosed by you (${d.reason})`, 'link_refused', { item: id, reason: d.reason });
            await tx.exchange.disclose(id, recipients, 'message', item.id, now);
          }
          for (const a of input.attachments ?? []) {
            const data = Buffer.from(a.base64, 'base64');
            await tx.exchange.insertAttachment({
              id: uuidv7(now.getTime()),
              messageId: item.id,
              filename: a.filename,
              contentType: a.contentType,
              size: data.length,
              sha256: createHash('sha256').update(data).digest('hex'),
              data,
              createdAt: now,
            });
          }
          const ackDueAt = new Date(now.getTime() + this.ackMinutes(input.priority) * 60_000);
          await tx.exchange.insertRecipients(
            recipients.map((agency) => ({
              messageId: item.id,
              agency,
              status: 'delivered' as const,
              deliveredAt: now,
              ackDueAt,
              answerDueAt: input.answerDueAt ? new Date(input.answerDueAt) : null,
            })),
          );
          await tx.exchange.disclose(item.id, recipients, 'message', null, now);
          sentRecipients = recipients.map((agency) => ({
            messageId: item.id, agency, status: 'delivered' as const, deliveredAt: now, readAt: null, readBy: null, ackedAt: null, ackedBy: null,
            answeredAt: null, answerId: null, closedAt: null, ackDueAt, answerDueAt: input.answerDueAt ? new Date(input.answerDueAt) : null, escalationLevel: 0, warned: false,
          }));
          await this.live.publish(tx, {
            kind: 'message.new',
            itemId: item.id,
            agencies: [actor.agency, ...recipients],
            classification: item.envelope.classification,
            payload: { id: item.id, subject: input.subject, priority: input.priority, kind: input.kind, from: actor.agency, to: recipients, ackDueAt: ackDueAt.toISOString(), sentAt: now.toISOString() },
          });
          note.recipients = recipients;
        },
      },
    )) as Item<MessageBody>;
    if (!input.attachments?.length) return { item: message, recipients: sentRecipients, attachments: [] };
    return this.viewOf(this.store, message);
  }

  private async viewOf(tx: Store, item: Item): Promise<MessageView> {
    return { item: item as Item<MessageBody>, recipients: await tx.exchange.recipients(item.id), attachments: await tx.exchange.attachments(item.id) };
  }

  /** Opens a message: sender or recipient agency only; a recipient's first reading marks it read. */
  async read(actor: Actor, id: string, meta: RequestMeta): Promise<MessageView> {
    return this.audit.audited(actor, meta, 'message.view', async (tx, note) => {
      note.items = [id];
      const item = await this.messageOrThrow(tx, actor, id, meta);
      const mine = await tx.exchange.recipient(id, actor.agency);
      if (mine && !mine.readAt && mine.status === 'delivered') {
        await tx.exchange.updateRecipient(id, actor.agency, { status: 'read', readAt: this.clock.now(), readBy: actor.userId });
      }
      return this.viewOf(tx, item);
    });
  }

  private async messageOrThrow(tx: Store, actor: Actor, id: string, meta: RequestMeta): Promise<Item> {
    const item = await tx.items.find(id);
    if (!item || item.kind !== 'message') throw new NotFoundError(`No message ${id}`, 'message_not_found');
    const d = decide(actor, 'view', item.envelope, { now: this.clock.now(), justification: meta.justification ?? 'message exchange' });
    if (!d.allow) throw new NotFoundError(`No message ${id}`, 'message_not_found');
    return item;
  }

  /** A recipient agency's officer acknowledges: once, by name. */
  async acknowledge(actor: Actor, id: string, meta: RequestMeta): Promise<MessageView> {
    const view = await this.audit.audited(actor, meta, 'message.acknowledge', async (tx, note) => {
      note.items = [id];
      const item = await this.messageOrThrow(tx, actor, id, meta);
      const mine = await tx.exchange.recipient(id, actor.agency);
      if (!mine) throw new ForbiddenError('Only a recipient agency acknowledges a message', 'not_recipient');
      if (mine.status === 'recalled') throw new ConflictError('This message was recalled by its sender', 'recalled');
      if (mine.ackedAt) throw new ConflictError(`Already acknowledged by ${mine.ackedBy} at ${mine.ackedAt.toISOString()}`, 'already_acknowledged');
      const now = this.clock.now();
      await tx.exchange.updateRecipient(id, actor.agency, {
        status: 'acknowledged',
        ackedAt: now,
        ackedBy: actor.userId,
        ...(mine.readAt ? {} : { readAt: now, readBy: actor.userId }),
      });
      const all = await tx.exchange.recipients(id);
      await this.live.publish(tx, {
        kind: 'message.acknowledged',
        itemId: id,
        agencies: [item.envelope.originator, ...all.map((r) => r.agency)],
        classification: item.envelope.classification,
        payload: { id, agency: actor.agency, by: actor.userId, byName: actor.displayName, at: now.toISOString(), late: now > mine.ackDueAt },
      });
      note.details = { late: now > mine.ackDueAt, escalationLevel: mine.escalationLevel };
      return this.viewOf(tx, item);
    });
    return view;
  }

  /** Answers a message: a reply in its thread to the sender; the recipient's status becomes answered. */
  async answer(actor: Actor, id: string, input: { text: string; grading: Grading | string; handling?: { code: HandlingCode; text?: string | null } | undefined; links?: string[] | undefined }, meta: RequestMeta): Promise<MessageView> {
    const original = await this.store.transaction((tx) => this.messageOrThrow(tx, actor, id, meta));
    const mine = await this.store.exchange.recipient(id, actor.agency);
    if (!mine) throw new ForbiddenError('Only a recipient agency answers a message', 'not_recipient');
    if (mine.answeredAt) throw new ConflictError('Already answered', 'already_answered');
    const body = original.body as MessageBody;
    const reply = await this.send(
      actor,
      {
        to: { agencies: [original.envelope.originator], countries: [] },
        subject: body.subject.startsWith('Re: ') ? body.subject : `Re: ${body.subject}`,
        text: input.text,
        priority: body.priority,
        kind: 'message',
        handling: input.handling ?? original.envelope.handling,
        grading: input.grading,
        classification: original.envelope.classification,
        links: input.links,
        inReplyTo: id,
      },
      meta,
    );
    await this.store.transaction(async (tx) => {
      const now = this.clock.now();
      await tx.exchange.updateRecipient(id, actor.agency, { status: 'answered', answeredAt: now, answerId: reply.item.id, ...(mine.ackedAt ? {} : { ackedAt: now, ackedBy: actor.userId }) });
      await this.audit.append(tx, actor, meta, 'message.answer', 'success', { items: [id, reply.item.id], recipients: [original.envelope.originator] });
    });
    return reply;
  }

  /** The sender closes a request (answered or no longer needed). */
  async close(actor: Actor, id: string, meta: RequestMeta): Promise<MessageView> {
    return this.audit.audited(actor, meta, 'message.close', async (tx, note) => {
      note.items = [id];
      const item = await this.messageOrThrow(tx, actor, id, meta);
      if (item.envelope.originator !== actor.agency) throw new ForbiddenError('Only the sending agency closes a message', 'originator_control');
      const now = this.clock.now();
      for (const r of await tx.exchange.recipients(id)) if (!r.closedAt) await tx.exchange.updateRecipient(id, r.agency, { status: 'closed', closedAt: now });
      return this.viewOf(tx, item);
    });
  }

  /** A recipient passes a message on, if its handling code allows (H2 and H3: no). */
  async forward(actor: Actor, id: string, to: { agencies: string[]; countries: string[] }, note: string, meta: RequestMeta): Promise<MessageView> {
    const original = await this.store.transaction((tx) => this.messageOrThrow(tx, actor, id, meta));
    const d = decide(actor, 'forward', original.envelope, { now: this.clock.now(), justification: meta.justification ?? note });
    if (!d.allow) {
      await this.store.transaction((tx) => this.audit.append(tx, actor, meta, 'message.forward', 'denied', { items: [id], details: { reason: d.reason } }));
      throw new ForbiddenError(`This message may not be forwarded (${d.reason})`, d.reason.replaceAll('-', '_'));
    }
    const body = original.body as MessageBody;
    return this.send(
      actor,
      {
        to,
        subject: `Fwd: ${body.subject}`,
        text: `${note}\n\n--- forwarded from ${original.envelope.originator} ---\n${body.text}`,
        priority: body.priority,
        kind: 'message',
        handling: original.envelope.handling,
        grading: original.envelope.grading ?? 'X4',
        classification: original.envelope.classification,
      },
      meta,
    );
  }

  /** The sender recalls a message: every recipient is told and it can no longer be acknowledged. */
  async recall(actor: Actor, id: string, reason: string, meta: RequestMeta): Promise<void> {
    await this.audit.audited(actor, meta, 'message.recall', async (tx, note) => {
      note.items = [id];
      const item = await this.messageOrThrow(tx, actor, id, meta);
      if (item.envelope.originator !== actor.agency) throw new ForbiddenError('Only the sending agency recalls a message', 'originator_control');
      const now = this.clock.now();
      const recipients = await tx.exchange.recipients(id);
      for (const r of recipients) await tx.exchange.updateRecipient(id, r.agency, { status: 'recalled', closedAt: now });
      await this.tellPastRecipients(tx, item, 'recalled', reason, actor);
      note.recipients = recipients.map((r) => r.agency);
    });
  }

  /**
   * Corrections and recalls (Directive 2016/680 art. 7): every agency an item was ever disclosed to — by release,
   * message or export, from the disclosure log — is told, even those it is no longer released to.
   */
  async tellPastRecipients(tx: Store, item: Item, how: 'corrected' | 'recalled' | 'erased', reason: string, actor: Pick<Actor, 'agency' | 'userId'>): Promise<string[]> {
    const told = (await tx.exchange.disclosedTo(item.id)).filter((a) => a !== item.envelope.originator);
    if (!told.length) return [];
    const now = this.clock.now();
    for (const agency of told) {
      await tx.notifications.insert({ at: now, agency, roles: null, kind: `item-${how}`, itemId: item.id, payload: { kind: item.kind, by: actor.agency, reason, version: item.version } });
    }
    await this.live.publish(tx, { kind: `item.${how}`, itemId: item.id, agencies: [item.envelope.originator, ...told], payload: { id: item.id, kind: item.kind, by: actor.agency, reason, version: item.version } });
    return told;
  }

  async inbox(actor: Actor, limit: number): Promise<MessageView[]> {
    const ids = await this.store.exchange.messageIdsOf(actor.agency, limit);
    const out: MessageView[] = [];
    for (const id of ids) {
      const item = await this.store.items.find(id);
      if (!item) continue;
      if (!decide(actor, 'list', item.envelope, { now: this.clock.now(), justification: 'message exchange' }).allow) continue;
      out.push(await this.viewOf(this.store, item));
    }
    return out;
  }

  async attachment(actor: Actor, attachmentId: string, meta: RequestMeta) {
    return this.audit.audited(actor, meta, 'message.attachment.view', async (tx, note) => {
      const a = await tx.exchange.attachment(attachmentId);
      if (!a) throw new NotFoundError(`No attachment ${attachmentId}`, 'attachment_not_found');
      await this.messageOrThrow(tx, actor, a.messageId, meta);
      note.items = [a.messageId];
      note.details = { attachment: a.id, sha256: a.sha256 };
      return a;
    });
  }

  /**
   * Deadlines: a warning when 80% of an acknowledgement window has passed; past the deadline, escalation to the
   * recipient agency's supervisors and duty officers (level 1), then — one more window later — to the sender's
   * supervisors (level 2). Each step is an audit entry and an event on the boards. Runs every few seconds and at
   * start; everything it needs is in the store.
   */
  async tick(): Promise<{ warnings: number; escalations: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + 72 * 3_600_000);
    let warnings = 0;
    let escalations = 0;
    const due = await this.store.exchange.dueRecipients(horizon);
    for (const r of due) {
      const item = await this.store.items.find(r.messageId);
      if (!item) continue;
      const body = item.body as MessageBody;
      const window = this.ackMinutes(body.priority) * 60_000;
      const pendingAck = !r.ackedAt;
      const pendingAnswer = !r.answeredAt && r.answerDueAt !== null && body.kind === 'request';
      const deadline = pendingAck ? r.ackDueAt : pendingAnswer ? r.answerDueAt! : null;
      if (!deadline) continue;
      const what = pendingAck ? 'acknowledgement' : 'answer';
      await this.store.transaction(async (tx) => {
        const fresh = await tx.exchange.recipient(r.messageId, r.agency);
        if (!fresh || fresh.closedAt || fresh.status === 'recalled') return;
        const system = { userId: 'system:deadlines', agency: null };
        const meta = { ip: null, userAgent: 'deadlines', justification: null, breakGlass: false };
        if (!fresh.warned && now >= new Date(deadline.getTime() - 0.2 * window) && now < deadline) {
          await tx.exchange.updateRecipient(r.messageId, r.agency, { warned: true });
          await this.live.publish(tx, { kind: 'deadline.warning', itemId: item.id, agencies: [item.envelope.originator, r.agency], classification: item.envelope.classification, payload: { id: item.id, agency: r.agency, what, dueAt: deadline.toISOString(), subject: body.subject, priority: body.priority } });
          warnings++;
          return;
        }
        if (now < deadline) return;
        const level = fresh.escalationLevel;
        if (level === 0) {
          await tx.exchange.updateRecipient(r.messageId, r.agency, { escalationLevel: 1 });
          await tx.notifications.insert({ at: now, agency: r.agency, roles: ['supervisor', 'duty_officer'], kind: 'escalation', itemId: item.id, payload: { what, dueAt: deadline.toISOString(), from: item.envelope.originator, subject: body.subject, priority: body.priority, level: 1 } });
          await this.live.publish(tx, { kind: 'message.escalated', itemId: item.id, agencies: [r.agency], roles: ['supervisor', 'duty_officer'], classification: item.envelope.classification, payload: { id: item.id, agency: r.agency, what, level: 1, dueAt: deadline.toISOString(), subject: body.subject, priority: body.priority, from: item.envelope.originator } });
          await this.audit.append(tx, system, meta, 'message.escalate', 'success', { items: [item.id], recipients: [`${r.agency}:supervisor`, `${r.agency}:duty_officer`], details: { level: 1, what, dueAt: deadline.toISOString() } });
          escalations++;
        } else if (level === 1 && now.getTime() >= deadline.getTime() + window) {
          await tx.exchange.updateRecipient(r.messageId, r.agency, { escalationLevel: 2 });
          await tx.notifications.insert({ at: now, agency: item.envelope.originator, roles: ['supervisor'], kind: 'escalation', itemId: item.id, payload: { what, dueAt: deadline.toISOString(), to: r.agency, subject: body.subject, priority: body.priority, level: 2 } });
          await this.live.publish(tx, { kind: 'message.escalated', itemId: item.id, agencies: [item.envelope.originator], roles: ['supervisor'], classification: item.envelope.classification, payload: { id: item.id, agency: r.agency, what, level: 2, dueAt: deadline.toISOString(), subject: body.subject, priority: body.priority } });
          await this.audit.append(tx, system, meta, 'message.escalate', 'success', { items: [item.id], recipients: [`${item.envelope.originator}:supervisor`], details: { level: 2, what, dueAt: deadline.toISOString() } });
          escalations++;
        }
      });
    }
    return { warnings, escalations };
  }

  /** Open requests of the actor's agency (sent or received), by deadline, for the board. */
  async open(actor: Actor) {
    const now = this.clock.now();
    const rows = await this.store.exchange.openForAgency(actor.agency);
    const out = [];
    for (const r of rows) {
      const item = await this.store.items.find(r.messageId);
      if (!item || !decide(actor, 'list', item.envelope, { now, justification: 'board' }).allow) continue;
      const body = item.body as MessageBody;
      const dueAt = !r.ackedAt ? r.ackDueAt : r.answerDueAt;
      out.push({
        id: item.id,
        subject: body.subject,
        priority: body.priority,
        kind: body.kind,
        from: item.envelope.originator,
        to: r.agency,
        status: r.status,
        dueAt: dueAt?.toISOString() ?? null,
        due: !r.ackedAt ? 'acknowledgement' : r.answerDueAt && !r.answeredAt ? 'answer' : null,
        overdue: !!dueAt && dueAt < now && (!r.ackedAt || !r.answeredAt),
        escalationLevel: r.escalationLevel,
      });
    }
    return out.filter((o) => o.due).sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  }
}
