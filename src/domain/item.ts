// An operational item: its envelope, its kind and its body. Every record kind of the cell is one of these.
import type { Envelope } from './envelope.js';

export interface Item<Body = Record<string, unknown>> {
  id: string;
  kind: string;
  envelope: Envelope;
  version: number;
  /** A short human label (a person's primary name, a report's title); never more personal data than the body. */
  title: string;
  body: Body;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** An item as JSON: dates as ISO strings, the handling text always present. Shared by the API and the export file. */
export function itemToJson(item: Item) {
  return {
    id: item.id,
    kind: item.kind,
    version: item.version,
    title: item.title,
    envelope: { ...item.envelope, handling: { code: item.envelope.handling.code, text: item.envelope.handling.text ?? null } },
    body: item.body,
    createdAt: item.createdAt.toISOString(),
    createdBy: item.createdBy,
    updatedAt: item.updatedAt.toISOString(),
    updatedBy: item.updatedBy,
  };
}

export interface ItemVersion {
  itemId: string;
  version: number;
  snapshot: { envelope: Envelope; title: string; body: Record<string, unknown> };
  diff: FieldChange[];
  reason: string;
  changedAt: Date;
  changedBy: string;
}

/** A statement another agency adds to an item it may see, marked fact or assessment, signed by its agency. */
export interface Annotation {
  id: string;
  itemId: string;
  agency: string;
  author: string;
  statement: 'fact' | 'assessment';
  text: string;
  at: Date;
}

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** A field-level diff between two JSON values, by path (`body.names[0].full`). */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => diffValues(b, after[i], `${path}[${i}]`));
  }
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}
