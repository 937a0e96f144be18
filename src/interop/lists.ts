// Readers for the published sanctions lists: the UN Security Council consolidated list (XML) and the US
// Treasury OFAC SDN list (legacy CSV, with its alternate names and the "weak" a.k.a.s written in remarks).
// They yield listed persons in one shape; entities (companies, vessels) are counted and left out.
import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import { XMLParser } from 'fast-xml-parser';
import { parseNationalities } from '../matching/countries.js';
import { validDate } from '../matching/dates.js';

export type ListSource = 'un-sc' | 'ofac-sdn' | 'interpol';

export interface ListedPerson {
  source: ListSource;
  /** UN:<REFERENCE_NUMBER> or OFAC:<ent_num>: the key of idempotent re-import. */
  reference: string;
  primaryName: string;
  aliases: { name: string; quality: string; script: 'latin' | 'arabic' | 'other' }[];
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  datesOfBirth: string[];
  placesOfBirth: { place: string; country?: string }[];
  /** ISO codes where the list's country name is known. */
  nationalities: string[];
  documents: { type: 'passport' | 'national-id' | 'other'; number: string; issuingCountry?: string }[];
  gender: 'female' | 'male' | 'unknown';
  listedOn?: string;
  programme: string;
  remarks: string;
}

export interface ListReadResult {
  persons: ListedPerson[];
  entitiesSkipped: number;
  problems: { reference: string; message: string }[];
}

function scriptOf(s: string): 'latin' | 'arabic' | 'other' {
  if (/\p{Script=Arabic}/u.test(s)) return 'arabic';
  if (/\p{Script=Latin}/u.test(s)) return 'latin';
  return 'other';
}

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v).trim());


// ---------------------------------------------------------------- UN consolidated list (XML)

export function readUnXml(xml: string): ListReadResult {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) =>
      [
        'INDIVIDUAL',
        'ENTITY',
        'INDIVIDUAL_ALIAS',
        'INDIVIDUAL_DATE_OF_BIRTH',
        'INDIVIDUAL_PLACE_OF_BIRTH',
        'INDIVIDUAL_DOCUMENT',
        'NATIONALITY',
        'VALUE',
        'INDIVIDUAL_ADDRESS',
      ].includes(name),
  });
  const doc = parser.parse(xml);
  const root = doc?.CONSOLIDATED_LIST;
  if (!root) throw new Error('Not a UN consolidated list: no CONSOLIDATED_LIST element');
  const individuals = asArray(root.INDIVIDUALS?.INDIVIDUAL) as Record<string, any>[];
  const entities = asArray(root.ENTITIES?.ENTITY);
  const persons: ListedPerson[] = [];
  const problems: ListReadResult['problems'] = [];
  for (const x of individuals) {
    const ref = text(x.REFERENCE_NUMBER);
    const primaryName = [x.FIRST_NAME, x.SECOND_NAME, x.THIRD_NAME, x.FOURTH_NAME].map(text).filter(Boolean).join(' ');
    if (!ref || !primaryName) {
      problems.push({ reference: ref || text(x.DATAID), message: 'no reference number or no name' });
      continue;
    }
    const aliases: ListedPerson['aliases'] = [];
    for (const a of asArray(x.INDIVIDUAL_ALIAS)) {
      const name = text(a.ALIAS_NAME);
      if (name) aliases.push({ name, quality: text(a.QUALITY) || 'unknown', script: scriptOf(name) });
    }
    const original = text(x.NAME_ORIGINAL_SCRIPT);
    if (original) aliases.push({ name: original, quality: 'original_script', script: scriptOf(original) });
    const datesOfBirth: string[] = [];
    for (const d of asArray(x.INDIVIDUAL_DATE_OF_BIRTH)) {
      const date = text(d.DATE).slice(0, 10);
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        const [y, m, dd] = date.split('-').map(Number);
        if (validDate(y!, m, dd)) datesOfBirth.push(date);
      } else if (text(d.FROM_YEAR) && text(d.TO_YEAR)) {
        for (let y = Number(d.FROM_YEAR); y <= Number(d.TO_YEAR) && y - Number(d.FROM_YEAR) < 10; y++) if (validDate(y)) datesOfBirth.push(String(y));
      } else if (/^\d{4}$/.test(text(d.YEAR))) datesOfBirth.push(text(d.YEAR));
    }
    const placesOfBirth: ListedPerson['placesOfBirth'] = [];
    for (const p of asArray(x.INDIVIDUAL_PLACE_OF_BIRTH)) {
      const place = [text(p.CITY), text(p.STATE_PROVINCE)].filter(Boolean).join(', ');
      const country = parseNationalities(text(p.COUNTRY))[0];
      if (place || country) placesOfBirth.push({ place: place || text(p.COUNTRY), ...(country ? { country } : {}) });
    }
    const nationalities = [...new Set(asArray(x.NATIONALITY).flatMap((n: any) => asArray(n?.VALUE).flatMap((v: unknown) => parseNationalities(text(v)))))];
    const documents: ListedPerson['documents'] = [];
    for (const d of asArray(x.INDIVIDUAL_DOCUMENT)) {
      const number = text(d.NUMBER);
      if (!number) continue;
      const kind = text(d.TYPE_OF_DOCUMENT).toLowerCase();
      const country = parseNationalities(text(d.ISSUING_COUNTRY) || text(d.COUNTRY_OF_ISSUE))[0];
      documents.push({ type: kind.includes('passport') ? 'passport' : kind.includes('national') || kind.includes('identi') ? 'national-id' : 'other', number, ...(country ? { issuingCountry: country } : {}) });
    }
    const g = text(x.GENDER).toLowerCase();
    persons.push({
      source: 'un-sc',
      reference: `UN:${ref}`,
      primaryName,
      aliases,
      datesOfBirth: [...new Set(datesOfBirth)],
      placesOfBirth,
      nationalities,
      documents,
      gender: g === 'male' ? 'male' : g === 'female' ? 'female' : 'unknown',
      ...(text(x.LISTED_ON) ? { listedOn: text(x.LISTED_ON).slice(0, 10) } : {}),
      programme: text(x.UN_LIST_TYPE),
      remarks: text(x.COMMENTS1),
    });
  }
  return { persons, entitiesSkipped: entities.length, problems };
}

// ---------------------------------------------------------------- OFAC SDN (legacy CSV)

const NONE = /^-0-\s*$/;
const clean = (v: string | undefined) => (v === undefined || NONE.test(v) ? '' : v.trim());
const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** "12 Jan 1960", "Jan 1960", "1960", "1958 to 1960", "circa 1960" → partial ISO dates. */
export function ofacDates(value: string): string[] {
  const out: string[] = [];
  const range = /(\d{4})\s+to\s+(\d{4})/.exec(value);
  if (range) {
    for (let y = Number(range[1]); y <= Number(range[2]) && y - Number(range[1]) < 10; y++) out.push(String(y));
    return out;
  }
  let m = /(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})/.exec(value);
  if (m && MONTHS[m[2]!.toLowerCase()]) {
    const date = `${m[3]}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
    const [y, mo, d] = date.split('-').map(Number);
    return validDate(y!, mo, d) ? [date] : [];
  }
  m = /([A-Za-z]{3})\s+(\d{4})/.exec(value);
  if (m && MONTHS[m[1]!.toLowerCase()]) return [`${m[2]}-${MONTHS[m[1]!.toLowerCase()]}`];
  m = /(\d{4})/.exec(value);
  return m && validDate(Number(m[1])) ? [m[1]!] : [];
}

function parseRemarks(remarks: string) {
  const parts = remarks.replace(/\.$/, '').split(';').map((p) => p.trim());
  const dates: string[] = [];
  const nationalities: string[] = [];
  const documents: ListedPerson['documents'] = [];
  const weak: string[] = [];
  const places: ListedPerson['placesOfBirth'] = [];
  let gender: ListedPerson['gender'] = 'unknown';
  for (const p of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\. )?DOB (.+)$/i.exec(p))) dates.push(...ofacDates(m[1]!));
    else if ((m = /^(?:alt\. )?POB (.+)$/i.exec(p))) {
      const country = parseNationalities(m[1]!.split(',').pop()!.trim())[0];
      places.push({ place: m[1]!.trim(), ...(country ? { country } : {}) });
    } else if ((m = /^(?:alt\. )?(?:nationality|citizen) (.+)$/i.exec(p))) nationalities.push(...parseNationalities(m[1]!));
    else if ((m = /^(?:alt\. )?(Passport|National ID No\.|Cedula No\.|Identification Number|NIT #) ([^()]+?)\s*(?:\(([^)]+)\))?$/i.exec(p))) {
      const country = m[3] ? parseNationalities(m[3])[0] : undefined;
      documents.push({ type: /passport/i.test(m[1]!) ? 'passport' : 'national-id', number: m[2]!.trim(), ...(country ? { issuingCountry: country } : {}) });
    } else if ((m = /^Gender (Male|Female)$/i.exec(p))) gender = m[1]!.toLowerCase() as 'male' | 'female';
    // The alias ends at the quote that closes the remark (names may hold apostrophes: ABU-'UMAR).
    for (const a of p.matchAll(/a\.k\.a\. '(.*?)'(?=\s*$|\s*,|\.\s*$)/gi)) weak.push(a[1]!.trim());
  }
  return { dates, nationalities, documents, weak, places, gender };
}

async function readCsv(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  const parser = parseCsv({ relax_quotes: true, relax_column_count: true, skip_empty_lines: true });
  // pipe() does not carry the source's errors: a missing or unreadable file must reject, not hang.
  const source = fs.createReadStream(file);
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  for await (const row of parser) rows.push(row as string[]);
  return rows;
}

export async function readOfacCsv(sdnFile: string, altFile?: string): Promise<ListReadResult> {
  const sdn = await readCsv(sdnFile);
  const alt = altFile ? await readCsv(altFile) : [];
  const altByEnt = new Map<string, { type: string; name: string }[]>();
  for (const r of alt) {
    const ent = clean(r[0]);
    const name = clean(r[3]);
    if (!ent || !name) continue;
    const list = altByEnt.get(ent) ?? [];
    list.push({ type: clean(r[2]) || 'aka', name });
    altByEnt.set(ent, list);
  }
  const persons: ListedPerson[] = [];
  const problems: ListReadResult['problems'] = [];
  let entitiesSkipped = 0;
  for (const r of sdn) {
    const ent = clean(r[0]);
    const name = clean(r[1]);
    if (clean(r[2]).toLowerCase() !== 'individual') {
      entitiesSkipped++;
      continue;
    }
    if (!ent || !name) {
      problems.push({ reference: ent, message: 'no number or no name' });
      continue;
    }
    const remarks = clean(r[11]);
    const info = parseRemarks(remarks);
    const aliases: ListedPerson['aliases'] = [
      ...(altByEnt.get(ent) ?? []).map((a) => ({ name: a.name, quality: a.type, script: scriptOf(a.name) })),
      ...info.weak.map((w) => ({ name: w, quality: 'weak_aka_in_remarks', script: scriptOf(w) })),
    ];
    persons.push({
      source: 'ofac-sdn',
      reference: `OFAC:${ent}`,
      primaryName: name,
      aliases,
      datesOfBirth: [...new Set(info.dates)],
      placesOfBirth: info.places,
      nationalities: [...new Set(info.nationalities)],
      documents: info.documents,
      gender: info.gender,
      programme: clean(r[3]),
      remarks,
    });
  }
  return { persons, entitiesSkipped, problems };
}
