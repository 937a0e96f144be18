import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atalaya } from '../support/cli.js';
import { sharedFile } from '../support/shared.js';


describe('the atalaya command (embedded store)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-cli-'));
  // These commands run on the embedded store, whatever the environment says.
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const d = ['--data', dataDir];

  it('describes its commands', async () => {
    const help = await atalaya('--help');
    expect(help.code).toBe(0);
    for (const c of ['serve', 'migrate', 'agency', 'user', 'token', 'audit', 'demo']) expect(help.out).toContain(c);
    const bad = await atalaya('no-such-command');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown command/);
  });

  it('administers countries, agencies, users and tokens, refusing bad input with a clear message', async () => {
    expect((await atalaya(...d, 'migrate')).code).toBe(0);
    expect((await atalaya(...d, 'country', 'add', '--code', 'PT', '--name', 'Portugal', '--time-zone', 'Europe/Lisbon')).code).toBe(0);
    const badTz = await atalaya(...d, 'country', 'add', '--code', 'IT', '--name', 'Italy', '--time-zone', 'Mars/Olympus');
    expect(badTz).toMatchObject({ code: 2 });
    expect(badTz.err).toContain('Unknown time zone');
    expect((await atalaya(...d, 'agency', 'add', '--code', 'PT-PJ', '--country', 'PT', '--name', 'Polícia Judiciária', '--kind', 'police')).code).toBe(0);
    const unknownCountry = await atalaya(...d, 'agency', 'add', '--code', 'XX-ONE', '--country', 'XX', '--name', 'Nowhere', '--kind', 'police');
    expect(unknownCountry.code).toBe(2);
    expect(unknownCountry.err).toContain('Unknown country XX');
    expect((await atalaya(...d, 'agency', 'list')).out).toContain('PT-PJ');

    const add = await atalaya(...d, 'user', 'add', '--email', 'ana@pt-pj.test', '--name', 'Ana Sousa', '--agency', 'PT-PJ', '--roles', 'analyst,admin', '--password', 'correct horse battery');
    expect(add.code, add.err).toBe(0);
    const badRole = await atalaya(...d, 'user', 'add', '--email', 'x@pt-pj.test', '--name', 'X Y', '--agency', 'PT-PJ', '--roles', 'king', '--password', 'correct horse battery');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('Unknown roles: king');
    const weak = await atalaya(...d, 'user', 'add', '--email', 'w@pt-pj.test', '--name', 'W Z', '--agency', 'PT-PJ', '--roles', 'analyst', '--password', 'short');
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('at least 12 characters');
    expect((await atalaya(...d, 'user', 'list')).out).toMatch(/ana@pt-pj\.test\s+PT-PJ\s+analyst,admin\s+restricted\s+mfa-pending/);

    const token = await atalaya(...d, 'token', 'create', '--user', 'ana@pt-pj.test', '--roles', 'analyst', '--days', '30');
    expect(token.code, token.err).toBe(0);
    expect(token.out.trim()).toMatch(/^atl_[A-Za-z0-9_-]{40,}$/);
    const noUser = await atalaya(...d, 'token', 'create', '--user', 'ghost@pt-pj.test');
    expect(noUser.code).toBe(2);
    expect(noUser.err).toContain('No user with email ghost@pt-pj.test');

    expect((await atalaya(...d, 'user', 'reset-mfa', 'ana@pt-pj.test')).code).toBe(0);
    expect((await atalaya(...d, 'user', 'disable', 'ana@pt-pj.test')).code).toBe(0);
    expect((await atalaya(...d, 'user', 'list')).out).toMatch(/ana@pt-pj\.test.*disabled/);
  });

  it('verifies and exports the trail; a tampered export fails, naming the entry', async () => {
    const verify = await atalaya(...d, 'audit', 'verify');
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toMatch(/^OK: \d+ entries; head \d+ [0-9a-f]{64} signed with node key [0-9a-f]{16}/);
    const file = path.join(dataDir, 'trail.json');
    expect((await atalaya(...d, 'audit', 'export', '--out', file)).code).toBe(0);
    const ok = await atalaya('audit', 'verify', '--file', file);
    expect(ok.code, ok.err).toBe(0);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    exported.entries[2].actorUserId = 'someone-else';
    fs.writeFileSync(file, JSON.stringify(exported));
    const broken = await atalaya('audit', 'verify', '--file', file);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('BROKEN at entry 3 (hash-mismatch)');
    const notAnExport = path.join(dataDir, 'x.json');
    fs.writeFileSync(notAnExport, '{"hello":1}');
    expect((await atalaya('audit', 'verify', '--file', notAnExport)).code).toBe(2);
  });

  it('exports and re-imports the cell’s own JSON idempotently, and refuses a bad file', async () => {
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-cli-demo-'));
    try {
      expect((await atalaya('--data', demoDir, 'demo', 'seed')).code).toBe(0);
      const file = path.join(demoDir, 'items.json');
      const exported = await atalaya('--data', demoDir, 'export', '--format', 'json', '--out', file);
      expect(exported.code, exported.err).toBe(0);
      expect(exported.err).toMatch(/Wrote \d+ items/);
      const n = JSON.parse(fs.readFileSync(file, 'utf8')).items.length;
      const again = await atalaya('--data', demoDir, 'import', 'json', file);
      expect(again.out).toContain(`0 created, 0 updated, ${n} unchanged`);
      const csv = path.join(demoDir, 'manifest.csv');
      fs.writeFileSync(csv, 'Passenger,Born,Nationality,Passport\nHADDAD YOUSSEF BEN OMAR,12/03/1994,MA,MA-AB123465\nClaire Dupont,1980,FR,X\nbad,row,with,too,many\n');
      const screened = await atalaya('--data', demoDir, 'screen', csv, '--as', 'duty@fr-dgsi.atalaya.test', '--justification', 'Morning manifest AT780', '--context', 'passenger-manifest', '--map', 'name=Passenger,dob=Born,nationality=Nationality,document=Passport');
      expect(screened.code).toBe(2);
      expect(screened.err).toContain(`${csv}:4: skipped`);
      expect(screened.out).toMatch(/Screened 2 rows \(1 rejected\): 1 candidate hits/);
      expect(screened.out).toMatch(/strong\s+0\.9\d+\s+line 2: HADDAD YOUSSEF BEN OMAR ~ يوسف بن عمر الحداد/);
      // STIX: the whole demo out and back in unchanged; a dry run of a foreign bundle; a broken bundle refused.
      const stix = path.join(demoDir, 'bundle.json');
      const stixOut = await atalaya('--data', demoDir, 'export', '--format', 'stix', '--out', stix);
      expect(stixOut.code, stixOut.err).toBe(0);
      expect(stixOut.err).toMatch(/Wrote a STIX 2.1 bundle of \d+ objects/);
      const stixIn = await atalaya('--data', demoDir, 'import', 'stix', stix);
      expect(stixIn.code, stixIn.err).toBe(0);
      expect(stixIn.out).toMatch(/0 created, 0 updated, \d+ unchanged/);
      const apt1 = sharedFile('formats', 'stix2-json-schemas', 'examples', 'threat-reports', 'apt1.json');
      const noOriginator = await atalaya('--data', demoDir, 'import', 'stix', apt1);
      expect(noOriginator.code).toBe(2);
      expect(noOriginator.err).toContain('--originator');
      const dry = await atalaya('--data', demoDir, 'import', 'stix', apt1, '--originator', 'BE-VSSE', '--dry-run');
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toContain('Dry run (nothing written): would import');
      expect(dry.out).toMatch(/5 records — 5 created/);
      expect(dry.out).toMatch(/not imported: 30 relationship/);
      fs.writeFileSync(path.join(demoDir, 'broken.json'), '{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","id":"x"}]}');
      const broken = await atalaya('--data', demoDir, 'import', 'stix', path.join(demoDir, 'broken.json'), '--originator', 'BE-VSSE');
      expect(broken.code).toBe(2);
      expect(broken.err).toContain('not a STIX identifier');
      const pullNoToken = await atalaya('--data', demoDir, 'taxii', 'pull', 'http://127.0.0.1:9/taxii2/', '--collection', 'x', '--originator', 'BE-VSSE');
      expect(pullNoToken.code).toBe(2);
      expect(pullNoToken.err).toContain('--token');
      const unreachable = await atalaya('--data', demoDir, 'taxii', 'pull', 'http://127.0.0.1:9/taxii2/', '--collection', 'x', '--originator', 'BE-VSSE', '--token', 'atl_x');
      expect(unreachable.code).toBe(2);
      expect(unreachable.err).toContain('Cannot reach');
      const persons = path.join(demoDir, 'persons.csv');
      fs.writeFileSync(persons, 'Ref,Name,Born\nX-1,Tarik Moussaoui,1990\nX-2,,1991\n');
      const personArgs = ['--data', demoDir, 'import', 'persons', persons, '--as', 'analyst@ma-dgst.atalaya.test', '--map', 'name=Name,dob=Born,reference=Ref', '--subject-category', 'suspect', '--legal-basis', 'Joint cell agreement', '--purpose', 'Holiday season'];
      const dryPersons = await atalaya(...personArgs, '--dry-run');
      expect(dryPersons.code).toBe(2);
      expect(dryPersons.out).toContain('Dry run (nothing written): would import');
      expect(dryPersons.err).toContain(`${persons}:3: rejected: no name`);
      const realPersons = await atalaya(...personArgs);
      expect(realPersons.out).toMatch(/2 rows — 1 created, 0 updated, 0 unchanged, 1 rejected/);
      expect((await atalaya(...personArgs.slice(0, -8), '--map', 'name', '--subject-category', 'suspect', '--legal-basis', 'x y z', '--purpose', 'x y z')).err).toContain('is not field=Column');
      fs.writeFileSync(path.join(demoDir, 'bad.json'), JSON.stringify({ format: 'atalaya-items/v1', exportedAt: 'x', items: [{ id: 1 }] }));
      const bad = await atalaya('--data', demoDir, 'import', 'json', path.join(demoDir, 'bad.json'));
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('Not an Atalaya export');
    } finally {
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  });

  it('seeds the demo only into an empty store', async () => {
    const again = await atalaya(...d, 'demo', 'seed');
    expect(again.code).toBe(2);
    expect(again.err).toContain('not empty');
  });
});

describe('importing published lists (the real files of ../shared)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-lists-'));
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the UN list and Interpol notices as persons with alerts, and re-imports without change', async () => {
    expect((await atalaya('--data', dir, 'demo', 'seed')).code).toBe(0);
    const un = await atalaya('--data', dir, 'import', 'un-xml', sharedFile('eval', 'un-consolidated.xml'), '--as', 'analyst@ma-dgst.atalaya.test');
    expect(un.code, un.err).toBe(0);
    expect(un.out).toContain('un-sc: 388 persons (273 entities left out): 388 created, 0 updated, 0 unchanged, 0 delisted');
    const again = await atalaya('--data', dir, 'import', 'un-xml', sharedFile('eval', 'un-consolidated.xml'), '--as', 'analyst@ma-dgst.atalaya.test');
    expect(again.out).toContain('0 created, 0 updated, 388 unchanged, 0 delisted');
    const interpol = await atalaya('--data', dir, 'import', 'interpol', sharedFile('formats', 'interpol-red-notices-list-2021-12-11.json'), '--as', 'analyst@fr-dgsi.atalaya.test');
    expect(interpol.out).toContain('interpol: 20 persons (0 entities left out): 20 created');
    expect((await atalaya('--data', dir, 'import', 'interpol', sharedFile('formats', 'interpol-red-notices-list-2021-12-11.json'), '--as', 'analyst@fr-dgsi.atalaya.test')).out).toContain('20 unchanged');
    // A change inside a record (a name, here) is seen: that person gets a new version, the others stay.
    const notices = JSON.parse(fs.readFileSync(sharedFile('formats', 'interpol-red-notices-list-2021-12-11.json'), 'utf8'));
    notices._embedded.notices[0].forename = `${notices._embedded.notices[0].forename} Corrected`;
    const changed = path.join(dir, 'changed.json');
    fs.writeFileSync(changed, JSON.stringify(notices));
    expect((await atalaya('--data', dir, 'import', 'interpol', changed, '--as', 'analyst@fr-dgsi.atalaya.test')).out).toContain('0 created, 1 updated, 19 unchanged');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"hello": 1}');
    const refused = await atalaya('--data', dir, 'import', 'interpol', bad, '--as', 'analyst@fr-dgsi.atalaya.test');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Not an Interpol notices response');
    const missing = await atalaya('--data', dir, 'import', 'ofac-csv', path.join(dir, 'no-such-sdn.csv'), '--as', 'analyst@fr-dgsi.atalaya.test');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot read the list: .*ENOENT/);
  }, 180_000);
});
