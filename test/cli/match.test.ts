import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atalaya } from '../support/cli.js';


describe('atalaya match', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-match-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const w = path.join(dir, 'w.jsonl');
  const q = path.join(dir, 'q.jsonl');
  fs.writeFileSync(
    w,
    [
      JSON.stringify({ id: 'a', name: 'Youssef Benomar El Haddad', dob: '1994', nationality: 'MA', documents: ['MA-AB123456'] }),
      JSON.stringify({ id: 'b', names: ['Imane Chraibi', 'إيمان الشرايبي'], dob: '21 Jan 1996' }),
      '{"id": "broken"',
      JSON.stringify({ id: 'c', name: 42 }),
      JSON.stringify({ id: 'd', name: 'Karim Ait Lahcen', dob: '1972-05-01; 1973-09-16' }),
    ].join('\n'),
  );
  fs.writeFileSync(
    q,
    [
      JSON.stringify({ qid: 1, name: 'HADDAD YOUSSEF BEN OMAR', dob: '12/03/1994', extra: 'ignored' }),
      JSON.stringify({ qid: 2, name: 'Imane Shraibi' }),
      'not json',
      JSON.stringify({ qid: 3, name: 'Nobody Known' }),
      JSON.stringify({ name: 'no qid' }),
      JSON.stringify({ qid: 4, name: 'كريم آيت لحسن' }),
    ].join('\n'),
  );

  it('answers one line per query in input order, reports bad lines with their numbers, and says so in its exit code', async () => {
    const r = await atalaya('match', '--watchlist', w, '--queries', q, '--top', '3');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${w}:3: skipped: not valid JSON`);
    expect(r.err).toContain(`${w}:4: skipped: missing "name" or "names" (strings)`);
    expect(r.err).toContain(`${q}:3: skipped: not valid JSON`);
    expect(r.err).toContain(`${q}:5: skipped: missing "qid"`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.qid)).toEqual(['1', '2', '3', '4']);
    expect(lines[0].results[0]).toMatchObject({ id: 'a', band: expect.any(String) });
    expect(lines[0].results[0].explanation.fields[0]).toMatchObject({ field: 'dob', outcome: 'year' });
    expect(lines[1].results[0].id).toBe('b');
    expect(lines[2].results).toEqual([]);
    expect(lines[3].results[0].id).toBe('d');
  });

  it('gives the same answer with several threads', async () => {
    const one = await atalaya('match', '--watchlist', w, '--queries', q);
    const two = await atalaya('match', '--watchlist', w, '--queries', q, '--threads', '2');
    expect(two.out).toBe(one.out);
  });

  it('refuses bad arguments clearly', async () => {
    expect((await atalaya('match', '--watchlist', w, '--queries', path.join(dir, 'missing.jsonl'))).err).toContain('No such file');
    expect((await atalaya('match', '--watchlist', w, '--queries', q, '--top', '0')).code).toBe(2);
  });
});
