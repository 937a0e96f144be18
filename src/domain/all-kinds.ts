import { noteKind, type ItemKind } from './kinds.js';
import { alertKind, eventKind, reportKind, subjectKind, threatLevelKind } from './records.js';

/** Every kind of operational item the cell holds, in the order the API lists them. */
export const ALL_KINDS: ItemKind<any>[] = [subjectKind, alertKind, reportKind, eventKind, threatLevelKind, noteKind];

export function kindNamed(kind: string): ItemKind<any> | undefined {
  return ALL_KINDS.find((k) => k.kind === kind);
}
