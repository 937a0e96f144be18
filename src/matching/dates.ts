// Dates of birth as watchlists write them, and how two of them compare.

export interface PartialDate {
  y: number;
  m?: number;
  d?: number;
  /** "circa", "approximately", a range: the year is not certain. */
  approx?: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janv: 1, fevr: 2, fev: 2, mars: 3, avr: 4, mai: 5, juin: 6, juil: 7, aout: 8, déc: 12,
  ene: 1, abr: 4, ago: 8, dic: 12, mrt: 3, mei: 5, okt: 10,
};

/** A real calendar date (or year, or year and month) between 1850 and 2100. */
export function validDate(y: number, m?: number, d?: number): boolean {
  if (y < 1850 || y > 2100) return false;
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d;
}

function one(raw: string): PartialDate[] {
  const s = raw.trim().toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  if (!s) return [];
  const approx = /circa|approx|about|around|ca\.|~|vers|hacia|omstreeks/.test(s);
  let m: RegExpExecArray | null;
  const push = (y: number, mo?: number, d?: number): PartialDate[] =>
    validDate(y, mo, d) ? [{ y, ...(mo ? { m: mo } : {}), ...(d ? { d } : {}), ...(approx ? { approx } : {}) }] : [];
  if ((m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s))) return push(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})/.exec(s))) return push(+m[3]!, +m[2]!, +m[1]!); // European day first
  if ((m = /(\d{1,2})\s+([a-z]{3,5})\.?\s+(\d{4})/.exec(s)) && MONTHS[m[2]!]) return push(+m[3]!, MONTHS[m[2]!], +m[1]!);
  if ((m = /([a-z]{3,5})\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(s)) && MONTHS[m[1]!]) return push(+m[3]!, MONTHS[m[1]!], +m[2]!);
  if ((m = /([a-z]{3,5})\.?\s+(\d{4})/.exec(s)) && MONTHS[m[1]!]) return push(+m[2]!, MONTHS[m[1]!]);
  if ((m = /(\d{4})[-/.](\d{1,2})(?![\d])/.exec(s)) && +m[2]! <= 12) return push(+m[1]!, +m[2]!);
  const years = [...s.matchAll(/\b(1[89]\d{2}|20\d{2})\b/g)].map((x) => +x[1]!);
  if (years.length === 2 && /to|and|-|–|et|y|tot/.test(s) && years[1]! > years[0]! && years[1]! - years[0]! <= 10) {
    // A range: every year in it, each approximate.
    const out: PartialDate[] = [];
    for (let y = years[0]!; y <= years[1]!; y++) out.push({ y, approx: true });
    return out;
  }
  return years.flatMap((y) => push(y));
}

/** Parses "1951-06-19", "1965", "21 Jan 1963", "1972-05-01; 1973-09-16", "circa 1960", "12/03/1994", "1994/03/12". */
export function parseDates(input: string | string[] | null | undefined): PartialDate[] {
  if (!input) return [];
  const parts = (Array.isArray(input) ? input : [input]).flatMap((x) => String(x).split(/[;|]|\s+or\s+|\s+ou\s+/));
  const out: PartialDate[] = [];
  for (const p of parts) for (const d of one(p)) if (!out.some((o) => o.y === d.y && o.m === d.m && o.d === d.d)) out.push(d);
  return out.slice(0, 32);
}

export type DobOutcome =
  | 'exact'
  | 'swapped-day-month'
  | 'one-day-apart'
  | 'year-month'
  | 'year'
  | 'approximate-year'
  | 'same-year-other-day'
  | 'adjacent-year'
  | 'conflict';

/** The best agreement between two sets of dates of birth, or the mildest conflict. */
export function compareDates(a: PartialDate[], b: PartialDate[]): DobOutcome | null {
  if (!a.length || !b.length) return null;
  const rank: DobOutcome[] = ['exact', 'swapped-day-month', 'one-day-apart', 'year-month', 'year', 'approximate-year', 'same-year-other-day', 'adjacent-year', 'conflict'];
  let best = rank.length - 1;
  for (const x of a)
    for (const y of b) {
      const o = rank.indexOf(pair(x, y));
      if (o < best) best = o;
      if (best === 0) return 'exact';
    }
  return rank[best]!;
}

function pair(x: PartialDate, y: PartialDate): DobOutcome {
  const approx = x.approx || y.approx;
  if (x.y === y.y) {
    if (x.m !== undefined && y.m !== undefined) {
      if (x.d !== undefined && y.d !== undefined) {
        if (x.m === y.m && x.d === y.d) return 'exact';
        if (x.m === y.d && x.d === y.m) return 'swapped-day-month';
        const dx = Date.UTC(x.y, x.m - 1, x.d);
        const dy = Date.UTC(y.y, y.m - 1, y.d);
        if (Math.abs(dx - dy) <= 86_400_000) return 'one-day-apart';
        return 'same-year-other-day';
      }
      return x.m === y.m ? 'year-month' : 'same-year-other-day';
    }
    return approx ? 'approximate-year' : 'year';
  }
  const dist = Math.abs(x.y - y.y);
  if (approx && dist <= 2) return 'approximate-year';
  if (dist === 1) {
    // 31 Dec / 1 Jan: one day apart across a year.
    if (x.m !== undefined && y.m !== undefined && x.d !== undefined && y.d !== undefined) {
      if (Math.abs(Date.UTC(x.y, x.m - 1, x.d) - Date.UTC(y.y, y.m - 1, y.d)) <= 86_400_000) return 'one-day-apart';
    }
    return 'adjacent-year';
  }
  return 'conflict';
}
