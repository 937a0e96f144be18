// Interpol's public notices web service: list responses (`_embedded.notices`) and detail responses
// (`arrest_warrants`, `sex_id`, …), read as listed persons keyed by `entity_id` (e.g. 2021/12345).
import type { ListedPerson, ListReadResult } from './lists.js';

export type NoticeKind = 'red' | 'yellow' | 'un';

const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$|^(\d{4})$|^(\d{4})\/(\d{2})$/;

function isoDob(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const m = DATE.exec(value.trim());
  if (!m) return [];
  if (m[1]) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? [`${m[1]}-${m[2]}-${m[3]}`] : [];
  }
  return [m[4] ?? `${m[5]}-${m[6]}`];
}

/** The kind of a notice, from its own link when the caller does not say. */
function kindOf(notice: Record<string, any>, fallback: NoticeKind): NoticeKind {
  const href = String(notice?._links?.self?.href ?? '');
  const m = /\/notices\/v1\/(red|yellow|un)\//.exec(href);
  return (m?.[1] as NoticeKind | undefined) ?? fallback;
}

export function readInterpolNotices(doc: unknown, fallback: NoticeKind = 'red'): ListReadResult & { kinds: Map<string, NoticeKind> } {
  const root = doc as Record<string, any>;
  const notices: Record<string, any>[] = Array.isArray(root?._embedded?.notices) ? root._embedded.notices : root?.entity_id ? [root] : [];
  if (!notices.length && !Array.isArray(root?._embedded?.notices)) throw new Error('Not an Interpol notices response: no _embedded.notices and no entity_id');
  const persons: ListedPerson[] = [];
  const problems: ListReadResult['problems'] = [];
  const kinds = new Map<string, NoticeKind>();
  for (const n of notices) {
    const id = typeof n.entity_id === 'string' ? n.entity_id.trim() : '';
    const name = [n.forename, n.name].filter((x) => typeof x === 'string' && x.trim()).join(' ').trim();
    if (!/^\d{4}\/\d{1,6}$/.test(id) || !name) {
      problems.push({ reference: id || '?', message: 'no entity_id like 2021/12345, or no name' });
      continue;
    }
    const reference = `INTERPOL:${id}`;
    kinds.set(reference, kindOf(n, fallback));
    const warrants: { issuing_country_id?: string; charge?: string }[] = Array.isArray(n.arrest_warrants) ? n.arrest_warrants : [];
    const sex = String(n.sex_id ?? '').toUpperCase();
    persons.push({
      source: 'interpol' as never,
      reference,
      primaryName: name,
      aliases: [],
      datesOfBirth: isoDob(n.date_of_birth),
      placesOfBirth: typeof n.country_of_birth_id === 'string' && /^[A-Z]{2}$/.test(n.country_of_birth_id) ? [{ place: n.place_of_birth ?? n.country_of_birth_id, country: n.country_of_birth_id }] : [],
      nationalities: (Array.isArray(n.nationalities) ? n.nationalities : []).filter((c: unknown) => typeof c === 'string' && /^[A-Z]{2}$/.test(c)),
      documents: [],
      gender: sex === 'M' ? 'male' : sex === 'F' ? 'female' : 'unknown',
      programme: warrants.map((w) => w.issuing_country_id).filter(Boolean).join(', '),
      remarks: warrants.map((w) => `${w.issuing_country_id ?? '?'}: ${w.charge ?? ''}`).join('; ').slice(0, 2000),
    });
  }
  return { persons, entitiesSkipped: 0, problems, kinds };
}
