import fs from 'node:fs';
import { expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { noteKind } from '../../src/domain/kinds.js';
import { alertKind, eventKind, reportKind, subjectKind, threatLevelKind } from '../../src/domain/records.js';
import { ENVELOPE_EXTENSION_ID, RECORD_EXTENSION_ID, TLP2_MARKING_IDS, agencyStixId, stixIdOf } from '../../src/interop/stix.js';
import { Readable } from 'node:stream';
import { CLI_META } from '../../src/services/audit-service.js';
import { describeOnStores, openTestContext } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, justified, loggedIn } from '../support/factories.js';
import { buildAlertBody, buildEventBody, buildReportBody, buildSubjectBody, buildThreatLevelBody, subjectEnvelope } from '../support/records.js';
import { sharedFile } from '../support/shared.js';
import { validateBundle } from '../support/stix-schemas.js';

const WHY = 'Operation Noel: sharing with the cell';
const KINDS = ['subject', 'alert', 'report', 'event', 'threat-level', 'note'];

async function ensureCell(ctx: AppContext) {
  if (!(await ctx.store.identities.findAgency('MA-DGST'))) await buildCell(ctx);
}

async function allItems(ctx: AppContext) {
  const out = [];
  for (const k of KINDS) out.push(...(await ctx.store.items.all(null, k)));
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

describeOnStores('STIX 2.1 export and import', (t) => {
  it('exports every kind as schema-valid STIX with TLP 2.0 markings, and re-imports it equal, envelope included', async () => {
    const { ctx, clock } = t();
    await ensureCell(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST' });
    const s1 = await ctx.items.create(ma.actor, subjectKind, { envelope: subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: ['ES-CGI'] }, handling: { code: 'H1' }, tlp: 'amber+strict' }), body: buildSubjectBody() }, justified);
    const s2 = await ctx.items.create(
      ma.actor,
      subjectKind,
      {
        envelope: subjectEnvelope({ handling: { code: 'H3', text: 'Do not act without DGST consent' }, tlp: 'red', classification: 'secret' }),
        body: buildSubjectBody({
          names: [{ full: 'Karim Benali', script: 'latin', kind: 'primary', parts: { given: 'Karim', family: 'Benali' } }, { full: 'كريم بن علي', script: 'arabic', kind: 'alias' }],
          links: [{ subjectId: s1.id, kind: 'travel-companion', basis: 'Same flight RAM 0751, adjacent seats' }],
          sources: [{ list: 'other', reference: 'MA-2026-77' }],
          notes: [{ text: 'Seen at Tanger Med', statement: 'fact' }],
        }),
      },
      justified,
    );
    await ctx.items.create(ma.actor, alertKind, { envelope: subjectEnvelope({ tlp: 'amber' }), body: buildAlertBody(s1.id, { alertKind: 'interpol-red', reference: '2026/10001' }) }, justified);
    const event = await ctx.items.create(ma.actor, eventKind, { envelope: buildEnvelope({ grading: null, tlp: 'green' }), body: buildEventBody() }, justified);
    await ctx.items.create(ma.actor, reportKind, { envelope: buildEnvelope({ grading: 'B2', tlp: 'amber' }), body: buildReportBody({ about: { subjects: [s1.id, s2.id], events: [event.id], places: ['Strasbourg'] } }) }, justified);
    await ctx.items.create(ma.actor, reportKind, { envelope: buildEnvelope({ grading: 'C3', tlp: 'clear' }), body: buildReportBody({ title: 'Open-source note' }) }, justified);
    await ctx.items.create(ma.actor, threatLevelKind, { envelope: buildEnvelope({ grading: null, tlp: 'clear' }), body: buildThreatLevelBody({ country: 'MA', scale: 'ma-vigilance', level: 'eleve' }) }, justified);
    await ctx.items.create(ma.actor, noteKind, { envelope: buildEnvelope({ grading: null }), body: { title: 'Shift handover', text: 'Nothing new <b>at all</b>', statement: 'fact' } }, justified);
    clock.advance(60_000);
    await ctx.items.update(ma.actor, subjectKind, s1.id, { body: { ...s1.body, datesOfBirth: ['1994-03-12'] }, reason: 'passport copy received' }, 1, justified);

    const app = await buildTestApp(ctx);
    const client = await loggedIn(app, ma, clock);
    const res = await client.get('/api/stix/bundle', WHY);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/stix+json;version=2.1');
    const bundle = res.json();
    expect(validateBundle(bundle)).toEqual([]);

    const byType = (type: string) => bundle.objects.filter((o: { type: string }) => o.type === type);
    expect(byType('identity').filter((o: { identity_class: string }) => o.identity_class === 'individual')).toHaveLength(2);
    expect(byType('report')).toHaveLength(2);
    expect(byType('location')).toHaveLength(1);
    expect(byType('note')).toHaveLength(3); // alert, threat level, note
    expect(byType('relationship')).toHaveLength(1);
    expect(byType('extension-definition')).toHaveLength(2);
    // TLP 2.0 as the standard OASIS marking objects, one per level used.
    const markings = byType('marking-definition').map((m: { id: string }) => m.id).sort();
    expect(markings).toEqual([TLP2_MARKING_IDS.clear, TLP2_MARKING_IDS.green, TLP2_MARKING_IDS.amber, TLP2_MARKING_IDS['amber+strict'], TLP2_MARKING_IDS.red].sort());
    const person = bundle.objects.find((o: { id: string }) => o.id === stixIdOf('subject', s2.id));
    expect(person.object_marking_refs).toEqual([TLP2_MARKING_IDS.red]);
    expect(person.extensions[ENVELOPE_EXTENSION_ID]).toMatchObject({ handling: { code: 'H3', text: 'Do not act without DGST consent' }, classification: 'secret', subject_category: 'suspect', originator: 'MA-DGST' });
    expect(person.extensions[RECORD_EXTENSION_ID].record.names[1]).toEqual({ full: 'كريم بن علي', script: 'arabic', kind: 'alias' });
    const report = byType('report').find((r: { object_refs: string[] }) => r.object_refs.length === 3);
    expect(report.object_refs).toEqual([stixIdOf('subject', s1.id), stixIdOf('subject', s2.id), stixIdOf('event', event.id)]);
    expect(report.extensions[ENVELOPE_EXTENSION_ID].grading).toBe('B2');

    // Into a second cell: everything compares equal, envelope and history position included; again: unchanged.
    const other = await openTestContext(t().database, {}, { separate: true });
    try {
      await ensureCell(other.ctx);
      const first = await other.ctx.stix.importBundle(res.body, CLI_META);
      expect(first).toMatchObject({ created: 8, updated: 0, unchanged: 0, mapped: 8 });
      expect(await allItems(other.ctx)).toEqual(await allItems(ctx));
      const again = await other.ctx.stix.importBundle(res.body, CLI_META);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    } finally {
      await other.close();
    }

    // France sees only what was released to it, and only with a justification.
    const fr = await buildUser(ctx, { agency: 'FR-DGSI' });
    // France screens a manifest: its hit on the person released to it travels as a sighting.
    const upload = await ctx.screening.upload(
      fr.actor,
      { name: 'AT780 manifest', context: 'passenger-manifest', format: 'csv', mapping: { name: 'Passenger', dob: 'Born' } },
      Readable.from(['Passenger,Born\nHADDAD YOUSSEF BEN OMAR,12/03/1994\nClaire Dupont,1980\n']),
      justified,
    );
    await ctx.screening.whenDone(upload.listId);
    const frClient = await loggedIn(app, fr, clock);
    const frBundle = (await frClient.get('/api/stix/bundle', WHY)).json();
    expect(validateBundle(frBundle)).toEqual([]);
    const frRecords = frBundle.objects.filter((o: { extensions?: Record<string, unknown> }) => o.extensions?.[ENVELOPE_EXTENSION_ID]);
    expect(frRecords.map((o: { id: string }) => o.id)).toEqual([stixIdOf('subject', s1.id)]);
    const sightings = frBundle.objects.filter((o: { type: string }) => o.type === 'sighting');
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({ sighting_of_ref: stixIdOf('subject', s1.id), where_sighted_refs: [agencyStixId('FR-DGSI')], count: 1, x_atalaya_hit: { source: 'screening', decision: 'pending' } });
    expect(frBundle.objects.some((o: { id: string }) => o.id === agencyStixId('FR-DGSI'))).toBe(true);
    const unjustified = (await frClient.get('/api/stix/bundle')).json();
    expect(unjustified.objects.some((o: { identity_class?: string }) => o.identity_class === 'individual')).toBe(false);
    expect((await frClient.get('/api/stix/bundle?kinds=subject,spaceship')).statusCode).toBe(400);
    await app.close();
  });

  it('imports the OASIS examples without error, mapping what it can and reporting the rest', async () => {
    const { ctx, clock } = t();
    await ensureCell(ctx);
    const be = await buildUser(ctx, { agency: 'BE-VSSE' });
    const dir = sharedFile('formats', 'stix2-json-schemas', 'examples');
    const files = [...fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `${dir}/${f}`), ...fs.readdirSync(`${dir}/threat-reports`).map((f) => `${dir}/threat-reports/${f}`)];
    expect(files.length).toBeGreaterThanOrEqual(8);
    const app = await buildTestApp(ctx);
    const client = await loggedIn(app, be, clock);
    const reports: Record<string, any> = {};
    for (const f of files) {
      const res = await client.post('/api/stix/import', fs.readFileSync(f, 'utf8'), { 'content-type': 'application/stix+json' });
      expect(res.statusCode, `${f}: ${res.body}`).toBe(200);
      reports[f.split('/').pop()!] = res.json();
    }
    const apt1 = reports['apt1.json'];
    const apt1Objects = JSON.parse(fs.readFileSync(`${dir}/threat-reports/apt1.json`, 'utf8')).objects.length;
    expect(apt1).toMatchObject({ objects: apt1Objects, mapped: 5, created: 5 }); // 4 individuals + the report
    expect(Object.fromEntries(apt1.unmapped.map((u: { type: string; count: number }) => [u.type, u.count]))).toMatchObject({ relationship: 30, indicator: 12, tool: 10, 'attack-pattern': 7, malware: 6, 'threat-actor': 5, 'intrusion-set': 1 });
    // The marking test: TLP 1.0 RED and an undefined marking on a campaign, which the cell does not record: reported.
    expect(reports['interop-objectmarking-test.json']).toMatchObject({ objects: 1, mapped: 0, created: 0 });
    expect(reports['interop-objectmarking-test.json'].unmapped[0]).toMatchObject({ type: 'campaign', count: 1 });
    // The APT1 individuals are persons of BE-VSSE now (unreleased, TLP amber by default, graded on the way in).
    const persons = await ctx.store.items.all(null, 'subject', 'BE-VSSE');
    expect(persons.map((p) => p.title).sort()).toEqual(['JackWang', 'Mei Qiang', 'Wang Dong', 'dota']);
    expect(persons[0]!.envelope).toMatchObject({ originator: 'BE-VSSE', tlp: 'amber', subjectCategory: 'other', releaseTo: { countries: [], agencies: [] } });
    const report = (await ctx.store.items.all(null, 'report', 'BE-VSSE')).find((r) => r.title.startsWith('APT1'))!;
    expect(report.envelope.grading).toBe('X4');
    expect((report.body as { about: { subjects: string[] } }).about.subjects).toHaveLength(4);
    // Idempotent by STIX id.
    const again = (await client.post('/api/stix/import', fs.readFileSync(`${dir}/threat-reports/apt1.json`, 'utf8'), { 'content-type': 'application/json' })).json();
    expect(again).toMatchObject({ created: 0, unchanged: 5 });
    await app.close();
  });

  it('refuses corrupt and hostile bundles with a clear error and imports nothing of them', async () => {
    const { ctx, clock } = t();
    await ensureCell(ctx);
    const es = await buildUser(ctx, { agency: 'ES-CGI' });
    const app = await buildTestApp(ctx);
    const client = await loggedIn(app, es, clock);
    const person = (id: string, over: Record<string, unknown> = {}) => ({ type: 'identity', spec_version: '2.1', id: `identity--${id}`, created: '2026-12-01T10:00:00.000Z', modified: '2026-12-01T10:00:00.000Z', name: 'Omar Haddou', identity_class: 'individual', ...over });
    const good = person('11111111-1111-4111-8111-111111111111');
    const bundle = (...objects: unknown[]) => JSON.stringify({ type: 'bundle', id: 'bundle--22222222-2222-4222-8222-222222222222', objects });
    const post = (body: string) => client.post('/api/stix/import', body, { 'content-type': 'application/json' });
    const held = (await ctx.store.items.all(null, 'subject')).length;
    const count = async () => (await ctx.store.items.all(null, 'subject')).length - held;

    const wrongTypes = await post(bundle(good, person('33333333-3333-4333-8333-333333333333', { name: 42 })));
    expect(wrongTypes.statusCode).toBe(400);
    expect(wrongTypes.json().error).toMatchObject({ code: 'bad_bundle' });
    expect(JSON.stringify(wrongTypes.json().error.details)).toContain('identity--33333333');
    const badId = await post(bundle(good, { ...good, id: 'identity--not-a-uuid' }));
    expect(badId.statusCode).toBe(400);
    const unknownMarking = await post(bundle(good, person('44444444-4444-4444-8444-444444444444', { object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec'] })));
    expect(unknownMarking.statusCode).toBe(400);
    expect(unknownMarking.json().error.message).toContain('unknown marking');
    let deep = '0';
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
    const tooDeep = await post(bundle(good, person('55555555-5555-4555-8555-555555555555', { x_payload: '@@' })).replace('"@@"', deep));
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().error.code).toBe('bundle_too_deep');
    const huge = await post(bundle(good, person('66666666-6666-4666-8666-666666666666', { description: 'x'.repeat(100 * 1024 * 1024) })));
    expect(huge.statusCode).toBe(413);
    expect((await post('{"type": "bundle", "objects": [')).statusCode).toBe(400);
    expect((await post('[1, 2, 3]')).json().error.code).toBe('bad_bundle');
    expect(await count()).toBe(0);

    // A dry run reports what would happen and writes nothing; the same bundle then imports.
    const dry = await client.post('/api/stix/import?dryRun=true', bundle(good), { 'content-type': 'application/json' });
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    expect(await count()).toBe(0);
    expect((await post(bundle(good))).json()).toMatchObject({ created: 1 });
    expect(await count()).toBe(1);
    // Another agency's record carried in our envelope is refused: originator control.
    const ma = await buildUser(ctx, { agency: 'MA-DGST' });
    const theirs = await ctx.items.create(ma.actor, subjectKind, { envelope: subjectEnvelope(), body: buildSubjectBody() }, justified);
    const theirBundle = await ctx.stix.exportBundle(null, CLI_META, { ids: [theirs.id] });
    const refused = await post(JSON.stringify(theirBundle));
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().error.details)).toContain('originator MA-DGST');
    await app.close();
  });
});
