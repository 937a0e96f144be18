// Messages and requests for information between agencies: priorities and their acknowledgement deadlines.
import { z } from 'zod';
import type { ItemKind } from './kinds.js';

export const PRIORITIES = ['flash', 'urgent', 'priority', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Default acknowledgement windows, in minutes (configurable). */
export const DEFAULT_ACK_MINUTES: Record<Priority, number> = { flash: 15, urgent: 60, priority: 8 * 60, routine: 72 * 60 };

export const messageBody = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  text: z.string().trim().min(1, 'the message is empty').max(100_000),
  priority: z.enum(PRIORITIES),
  kind: z.enum(['message', 'request']).default('message'),
  threadId: z.string().max(64).optional(),
  inReplyTo: z.string().max(64).optional(),
  links: z.array(z.string().min(1).max(64)).max(50).default([]),
  answerDueAt: z.iso.datetime({ offset: true }).optional(),
});
export type MessageBody = z.infer<typeof messageBody>;

export const messageKind: ItemKind<MessageBody> = {
  kind: 'message',
  plural: 'messages',
  body: messageBody as unknown as z.ZodType<MessageBody>,
  personalData: 'when-categorised',
  gradingRequired: true,
  title: (b) => b.subject,
  searchText: (b) => `${b.subject} ${b.text}`.toLowerCase(),
};
