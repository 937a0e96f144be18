// A background lexicon of common given names and surnames across many cultures (the person-name lists that
// @faker-js/faker publishes for its 70-odd locales, Arabic and Persian included). A name common in life says
// little about identity even when the watchlist holds it once: Carlos, Romero, Mohammed, Hossein.
import { allLocales } from '@faker-js/faker';
import { normalizeName } from './normalize.js';

let cached: Set<string> | undefined;

function collect(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v, out);
}

/** Folded forms of common personal names (built once, on first use). */
export function commonNames(): Set<string> {
  if (cached) return cached;
  const raw: string[] = [];
  for (const locale of Object.values(allLocales)) {
    const person = (locale as { person?: Record<string, unknown> }).person;
    if (!person) continue;
    collect(person.first_name, raw);
    collect(person.last_name, raw);
    collect(person.middle_name, raw);
  }
  const out = new Set<string>();
  for (const name of raw) {
    // Pattern entries like "{{person.last_name}}-{{person.last_name}}" are templates, not names.
    if (name.includes('{')) continue;
    for (const t of normalizeName(name).tokens) if (t.role === 'name' && t.folded.length >= 2) out.add(t.folded);
  }
  cached = out;
  return out;
}
