import { expect, it } from 'vitest';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildTestApp, buildUser, loggedIn } from '../support/factories.js';

const CSV = [
  'Ref,Nom,Alias,Né le,Nationalité,Passeport,Sexe',
  'BE-2026-001,Bilal Ait Ouarab,بلال آيت واعراب;Bilal Aitouarab,12/03/1994,BE;MA,EM123456,M',
  'BE-2026-002,Soufiane El Khattabi,,1989,BE,,m',
  'BE-2026-003,,,1990,BE,,', // no name
  'BE-2026-004,Idriss Benhaddou,,31/02/1990,BE,,', // not a date
  'BE-2026-005,Yassine <b>Tahiri</b>,,1991,BE,,', // markup in a name
  'BE-2026-006,Mehdi Zeroual,,1992,XX,,', // unknown country
  'BE-2026-008,Anas Bouzid,,1995,BE,AB12,unknown-gender',
  'BE-2026-007,"Broken, quote,,1993,BE,,', // an unclosed quote: the CSV reader's own error, with its line
].join('\n');

const ENVELOPE = {
  releaseTo: { countries: ['FR'], agencies: [] },
  classification: 'restricted',
  handling: { code: 'H1' },
  tlp: 'amber',
  subjectCategory: 'suspect',
  legalBasis: 'Belgian list of foreign terrorist fighters (OCAM)',
  purpose: 'Holiday season threat prevention',
};

describeOnStores('generic import of persons (CSV/JSON with a column mapping)', (t) => {
  it('reports every row it would reject in a dry run, writes nothing, then imports the rest idempotently', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    const be = await buildUser(ctx, { agency: 'BE-VSSE' });
    const app = await buildTestApp(ctx);
    const client = await loggedIn(app, be, clock);
    const mapping = { name: 'Nom', aliases: 'Alias', dob: 'Né le', nationality: 'Nationalité', document: 'Passeport', gender: 'Sexe', reference: 'Ref' };
    const body = (over: Record<string, unknown> = {}) => ({ format: 'csv', mapping, envelope: ENVELOPE, content: CSV, source: 'ocam-ftf.csv', alert: { alertKind: 'national-discreet-check', actionOnHit: 'Discreet check; inform BE-VSSE' }, ...over });
    const count = async () => (await ctx.store.items.all(null, 'subject', 'BE-VSSE')).length;

    const dry = await client.post('/api/import/persons', body({ dryRun: true }));
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ dryRun: true, created: 2, updated: 0, alertsCreated: 2 });
    expect(report.rejected.map((r: { line: number }) => r.line)).toEqual([4, 5, 6, 7, 8, 9]);
    const reasons = report.rejected.map((r: { reason: string }) => r.reason).join(' | ');
    for (const why of ['no name', 'is not a date', 'letters, spaces', 'unknown ISO 3166', 'neither female nor male', 'Quote']) expect(reasons).toContain(why);
    expect(await count()).toBe(0);

    const real = (await client.post('/api/import/persons', body())).json();
    expect(real).toMatchObject({ dryRun: false, created: 2, alertsCreated: 2 });
    expect(real.rejected).toHaveLength(6);
    const persons = await ctx.store.items.all(null, 'subject', 'BE-VSSE');
    const bilal = persons.find((p) => p.title === 'Bilal Ait Ouarab')!;
    expect(bilal.body).toMatchObject({
      names: [
        { full: 'Bilal Ait Ouarab', script: 'latin', kind: 'primary' },
        { full: 'بلال آيت واعراب', script: 'arabic', kind: 'alias' },
        { full: 'Bilal Aitouarab', script: 'latin', kind: 'alias' },
      ],
      datesOfBirth: ['1994-03-12'],
      nationalities: ['BE', 'MA'],
      gender: 'male',
      documents: [{ type: 'passport', number: 'EM123456', issuingCountry: 'BE' }],
    });
    expect(bilal.envelope).toMatchObject({ originator: 'BE-VSSE', releaseTo: { countries: ['FR'] }, subjectCategory: 'suspect' });
    expect((await ctx.store.items.alertsOf(bilal.id)).length).toBe(1);

    // Again: unchanged; a changed row becomes a new version, not a duplicate.
    expect((await client.post('/api/import/persons', body())).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = CSV.replace('1989,BE', '1989-07-04,BE');
    expect((await client.post('/api/import/persons', body({ content: changed }))).json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await count()).toBe(2);

    // JSON works the same; bad options and unknown columns are clear 400s.
    const json = JSON.stringify([{ Nom: 'Walid Amghar', Ref: 'BE-2026-100', 'Né le': '1999' }, 'not an object']);
    const fromJson = (await client.post('/api/import/persons', body({ format: 'json', content: json, mapping: { name: 'Nom', reference: 'Ref', dob: 'Né le' }, alert: undefined }))).json();
    expect(fromJson).toMatchObject({ created: 1, rejected: [{ line: 2, reason: 'not a JSON object' }] });
    const unknownColumn = await client.post('/api/import/persons', body({ mapping: { name: 'Name' } }));
    expect(unknownColumn.statusCode).toBe(400);
    expect(unknownColumn.json().error.message).toContain('no column "Name"');
    expect((await client.post('/api/import/persons', body({ mapping: { name: 'Nom', religion: 'Religion' } }))).statusCode).toBe(400);
    expect(await count()).toBe(3);
    await app.close();
  });
});
