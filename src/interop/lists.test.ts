import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../test/support/shared.js';
import { readInterpolNotices } from './interpol.js';
import { ofacDates, readOfacCsv, readUnXml } from './lists.js';

const EVAL = sharedFile('eval');

/** The (entity, alias) pairs of the evaluation's aliases.tsv, extracted independently from the same files. */
function tsvPairs(source: string): Set<string> {
  const rows = fs.readFileSync(`${EVAL}/aliases.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return new Set(rows.filter((r) => r[5] === source && r[2]).map((r) => `${r[0]}|${r[2]}`));
}

describe('list readers on the real published files', () => {
  it('reads the UN consolidated list: persons, aliases, dates of birth, documents', () => {
    const un = readUnXml(fs.readFileSync(`${EVAL}/un-consolidated.xml`, 'utf8'));
    expect(un.persons).toHaveLength(388);
    expect(un.entitiesSkipped).toBe(273);
    expect(un.problems).toEqual([]);
    expect(un.persons.reduce((n, p) => n + p.aliases.length, 0)).toBe(1369);
    expect(un.persons.reduce((n, p) => n + p.datesOfBirth.length, 0)).toBe(499);
    expect(un.persons.reduce((n, p) => n + p.documents.length, 0)).toBe(253);
    const ours = new Set(un.persons.flatMap((p) => p.aliases.map((a) => `${p.reference}|${a.name}`)));
    for (const pair of tsvPairs('un_sc')) expect(ours.has(pair), pair).toBe(true);
    expect(un.persons.find((p) => p.reference === 'UN:CDi.005')).toMatchObject({ primaryName: 'JÉRÔME KAKWAVU BUKANDE', nationalities: ['CD'], gender: 'male', listedOn: '2005-11-01' });
  });

  it('reads the OFAC SDN CSV with its alternate names and the weak a.k.a.s of the remarks', async () => {
    const ofac = await readOfacCsv(`${EVAL}/ofac-sdn.csv`, `${EVAL}/ofac-alt.csv`);
    expect(ofac.persons).toHaveLength(2315);
    // aliases.tsv leaves out alternate names equal to the primary one; the list has them.
    expect(ofac.persons.reduce((n, p) => n + p.aliases.length, 0)).toBe(4013);
    expect(ofac.persons.reduce((n, p) => n + p.aliases.filter((a) => a.quality === 'weak_aka_in_remarks').length, 0)).toBe(872);
    expect(ofac.persons.reduce((n, p) => n + p.datesOfBirth.length, 0)).toBe(2610);
    expect(ofac.persons.reduce((n, p) => n + p.documents.length, 0)).toBe(1200);
    const ours = new Set(ofac.persons.flatMap((p) => p.aliases.map((a) => `${p.reference}|${a.name}`)));
    for (const pair of tsvPairs('us_ofac_sdn')) expect(ours.has(pair), pair).toBe(true);
    expect(ofac.persons.find((p) => p.reference === 'OFAC:4107')).toMatchObject({
      datesOfBirth: ['1939-01-31'],
      documents: expect.arrayContaining([{ type: 'passport', number: 'T321642', issuingCountry: 'CO' }]),
    });
    expect(ofacDates('1958 to 1960')).toEqual(['1958', '1959', '1960']);
    expect(ofacDates('circa 1960')).toEqual(['1960']);
    expect(ofacDates('31 Feb 1960')).toEqual([]);
  });

  it('rejects a missing file with the reason instead of waiting forever', async () => {
    await expect(readOfacCsv(`${EVAL}/no-such-sdn.csv`)).rejects.toThrow(/ENOENT/);
    await expect(readOfacCsv(`${EVAL}/ofac-sdn.csv`, `${EVAL}/no-such-alt.csv`)).rejects.toThrow(/ENOENT/);
  });

  it('reads Interpol notices, keyed by entity_id, with the notice kind from their links', () => {
    const r = readInterpolNotices(JSON.parse(fs.readFileSync(sharedFile('formats', 'interpol-red-notices-list-2021-12-11.json'), 'utf8')));
    expect(r.persons).toHaveLength(20);
    expect(r.persons[0]).toMatchObject({ reference: 'INTERPOL:2021/75051', primaryName: 'EDGAR GONZALO PINTOS MONTERO', datesOfBirth: ['1979-01-17'], nationalities: ['UY'] });
    expect([...r.kinds.values()].every((k) => k === 'red')).toBe(true);
    const detail = readInterpolNotices({ entity_id: '1993/27493', forename: 'A', name: 'B', date_of_birth: '1958/11/05', sex_id: 'F', arrest_warrants: [{ issuing_country_id: 'DE', charge: 'robbery' }] });
    expect(detail.persons[0]).toMatchObject({ gender: 'female', remarks: 'DE: robbery' });
    expect(() => readInterpolNotices({ hello: 1 })).toThrow(/Not an Interpol/);
  });
});
