import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { eventKind, reportKind, subjectKind } from '../../src/domain/records.js';
import { ENVELOPE_EXTENSION_ID, stixIdOf } from '../../src/interop/stix.js';
import { CLI_META } from '../../src/services/audit-service.js';
import { describeOnStores, openTestContext } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, justified } from '../support/factories.js';
import { buildEventBody, buildReportBody, buildSubjectBody, subjectEnvelope } from '../support/records.js';
import { validateBundle } from '../support/stix-schemas.js';

const TAXII = 'application/taxii+json;version=2.1';

async function machineToken(ctx: AppContext, agency: string, name: string): Promise<string> {
  const user = await buildUser(ctx, { agency, roles: ['analyst'] });
  return (await ctx.auth.createApiToken('cli', { email: user.email, name, roles: ['analyst'] }, CLI_META)).token;
}

const named = (n: string) => buildSubjectBody({ names: [{ full: n, script: 'latin', kind: 'primary' }] });

describeOnStores('TAXII 2.1 server and client', (t) => {
  it('serves each machine client the collections and objects the policy allows it, paginated, and our client pulls them resumably', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST' });
    const create = (kind: typeof subjectKind | typeof reportKind | typeof eventKind, envelope: object, body: object) => ctx.items.create(ma.actor, kind as never, { envelope, body } as never, justified);
    const toFrance = await create(subjectKind, subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H1' } }), named('Samir Toufik'));
    const toSpainAgency = await create(subjectKind, subjectEnvelope({ releaseTo: { countries: [], agencies: ['ES-CGI'] }, handling: { code: 'H0' } }), named('Nabil Ouazzani'));
    const unreleased = await create(subjectKind, subjectEnvelope({ handling: { code: 'H0' } }), named('Hamza Idrissi'));
    const noFurther = await create(subjectKind, subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H2' } }), named('Rachid Amrani'));
    clock.advance(1000);
    const report = await create(reportKind, buildEnvelope({ releaseTo: { countries: ['FR', 'ES'], agencies: [] }, grading: 'B2' }), buildReportBody({ about: { subjects: [toFrance.id], events: [], places: [] } }));
    clock.advance(1000);
    const event = await create(eventKind, buildEnvelope({ releaseTo: { countries: ['FR', 'BE'], agencies: [] }, grading: null }), buildEventBody());
    const frToken = await machineToken(ctx, 'FR-DGSI', 'FR-DGSI MISP sync for holiday screening');
    const esToken = await machineToken(ctx, 'ES-CGI', 'ES-CGI OpenCTI connector');

    const app = await buildTestApp(ctx);
    const get = (url: string, token?: string, accept = TAXII) => app.inject({ method: 'GET', url, headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

    // Discovery, API root, media type, authentication.
    const discovery = await get('/taxii2/', frToken);
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toBe(TAXII);
    expect(discovery.json().api_roots[0]).toMatch(/\/taxii2\/cell\/$/);
    expect((await get('/taxii2/cell/', frToken)).json()).toMatchObject({ versions: [TAXII] });
    const anonymous = await get('/taxii2/cell/collections/');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ http_status: '401' });
    expect((await get('/taxii2/cell/collections/', 'atl_forged')).statusCode).toBe(401);
    expect((await get('/taxii2/cell/collections/', frToken, 'application/xml')).statusCode).toBe(406);

    // Collections: one per audience the client belongs to.
    const frCollections = (await get('/taxii2/cell/collections/', frToken)).json().collections;
    const esCollections = (await get('/taxii2/cell/collections/', esToken)).json().collections;
    expect(frCollections.map((c: { title: string }) => c.title)).toEqual(['Records of FR-DGSI', 'Released to FR-DGSI', 'Released to France']);
    expect(esCollections.map((c: { title: string }) => c.title)).toEqual(['Records of ES-CGI', 'Released to ES-CGI', 'Released to Spain']);
    const frCountry = frCollections[2].id;
    const esAgency = esCollections[1].id;
    const esCountry = esCollections[2].id;
    expect((await get(`/taxii2/cell/collections/${frCountry}/`, esToken)).statusCode).toBe(404); // another audience's: not there

    const records = (objects: { extensions?: Record<string, unknown>; id: string }[] = []) => objects.filter((o) => o.extensions?.[ENVELOPE_EXTENSION_ID]).map((o) => o.id).sort();
    const all = async (token: string, collection: string, query = '') => {
      const out: any[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const res = await get(`/taxii2/cell/collections/${collection}/objects/?limit=2${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`, token);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        out.push(...(body.objects ?? []));
        next = body.more ? body.next : undefined;
        pages++;
      } while (next);
      return { objects: out, pages };
    };
    const fr = await all(frToken, frCountry);
    expect(fr.pages).toBeGreaterThan(2);
    expect(records(fr.objects)).toEqual([stixIdOf('subject', toFrance.id), stixIdOf('report', report.id), stixIdOf('event', event.id)].sort());
    expect(validateBundle({ type: 'bundle', id: 'bundle--22222222-2222-4222-8222-222222222222', objects: fr.objects })).toEqual([]);
    expect(records((await all(esToken, esAgency)).objects)).toEqual([stixIdOf('subject', toSpainAgency.id)]);
    expect(records((await all(esToken, esCountry)).objects)).toEqual([stixIdOf('report', report.id)]);
    const everything = JSON.stringify([fr.objects, (await all(esToken, esAgency)).objects, (await all(esToken, esCountry)).objects]);
    for (const hidden of [unreleased, noFurther]) expect(everything).not.toContain(stixIdOf('subject', hidden.id));

    // added_after, match[type], match[id], manifest, versions.
    const firstPage = await get(`/taxii2/cell/collections/${frCountry}/objects/?match[type]=report,location`, frToken);
    expect(records(firstPage.json().objects)).toEqual([stixIdOf('report', report.id), stixIdOf('event', event.id)].sort());
    const after = await get(`/taxii2/cell/collections/${frCountry}/objects/?added_after=${encodeURIComponent(report.updatedAt.toISOString())}`, frToken);
    expect(records(after.json().objects)).toEqual([stixIdOf('event', event.id)]);
    expect(after.headers['x-taxii-date-added-last']).toBe(event.updatedAt.toISOString());
    const byId = await get(`/taxii2/cell/collections/${frCountry}/objects/?match[id]=${stixIdOf('subject', toFrance.id)}`, frToken);
    expect(byId.json().objects).toHaveLength(1);
    const manifest = (await get(`/taxii2/cell/collections/${frCountry}/manifest/?match[type]=identity`, frToken)).json();
    expect(manifest.objects.find((m: { id: string }) => m.id === stixIdOf('subject', toFrance.id))).toMatchObject({ media_type: 'application/stix+json;version=2.1', version: toFrance.updatedAt.toISOString() });
    clock.advance(60_000);
    const v2 = await ctx.items.update(ma.actor, subjectKind, toFrance.id, { body: { ...toFrance.body, datesOfBirth: ['1990-02-03'] }, reason: 'civil registry' }, 1, justified);
    const versions = (await get(`/taxii2/cell/collections/${frCountry}/objects/${stixIdOf('subject', toFrance.id)}/versions/`, frToken)).json();
    expect(versions.versions).toEqual([toFrance.updatedAt.toISOString(), v2.updatedAt.toISOString()]);
    const allVersions = (await get(`/taxii2/cell/collections/${frCountry}/objects/${stixIdOf('subject', toFrance.id)}/?match[version]=all`, frToken)).json();
    expect(allVersions.objects.map((o: { modified: string }) => o.modified)).toEqual(versions.versions);
    expect((await get(`/taxii2/cell/collections/${frCountry}/objects/?match[version]=yesterday`, frToken)).statusCode).toBe(400);
    expect((await get(`/taxii2/cell/collections/${frCountry}/objects/?next=forged`, frToken)).statusCode).toBe(400);
    expect((await get(`/taxii2/cell/collections/${frCountry}/objects/?added_after=soon`, frToken)).statusCode).toBe(400);

    // Every TAXII read is in the audit trail, with the items it disclosed and the token's standing purpose.
    const trail = await ctx.store.audit.query({ action: 'taxii.objects', actorAgency: 'FR-DGSI', item: toFrance.id, limit: 500 });
    expect(trail.length).toBeGreaterThan(0);
    expect(trail[0]!.justification).toBe('TAXII feed: FR-DGSI MISP sync for holiday screening');
    expect(await ctx.store.audit.query({ action: 'taxii.objects', item: unreleased.id, limit: 10 })).toHaveLength(0);

    // Our client pulls France's collection into another cell, as FR-DGSI, two objects a page, resumably.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/taxii2/`;
    const other = await openTestContext(t().database, {}, { separate: true });
    try {
      await buildCell(other.ctx);
      const pages: number[] = [];
      const cut = await other.ctx.taxiiPull.pull({ url, collection: frCountry, token: frToken, originator: 'FR-DGSI', limit: 2, maxPages: 1, meta: CLI_META });
      expect(cut).toMatchObject({ pages: 1, more: true });
      const rest = await other.ctx.taxiiPull.pull({ url, collection: frCountry, token: frToken, originator: 'FR-DGSI', limit: 2, meta: CLI_META, onPage: (p) => pages.push(p.objects) });
      expect(rest.more).toBe(false);
      expect(pages.length).toBeGreaterThan(1);
      const held = async () => {
        const items = [];
        for (const k of ['subject', 'report', 'event', 'alert', 'note', 'threat-level']) items.push(...(await other.ctx.store.items.all(null, k)));
        return items;
      };
      const pulled = await held();
      expect(pulled.map((i) => i.id).sort()).toEqual([toFrance.id, report.id, event.id].sort());
      expect(pulled.every((i) => i.envelope.originator === 'FR-DGSI')).toBe(true);
      const person = pulled.find((i) => i.id === toFrance.id)!;
      expect(person.body).toEqual(v2.body);
      expect(person.envelope).toMatchObject({ handling: { code: 'H1' }, tlp: toFrance.envelope.tlp, subjectCategory: 'suspect', releaseTo: { countries: ['FR'], agencies: [] } });

      // Later: only what was added since comes down.
      clock.advance(60_000);
      const late = await create(subjectKind, subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H0' } }), named('Youssef Lahlou'));
      const again = await other.ctx.taxiiPull.pull({ url, collection: frCountry, token: frToken, originator: 'FR-DGSI', limit: 2, meta: CLI_META });
      expect(again.created).toBe(1);
      expect(again.objects).toBeLessThanOrEqual(2);
      expect((await held()).map((i) => i.id)).toContain(late.id);

      // A wrong collection or token is a clear error, and nothing changes.
      await expect(other.ctx.taxiiPull.pull({ url, collection: esCountry, token: frToken, originator: 'FR-DGSI', meta: CLI_META })).rejects.toThrow(/404/);
      await expect(other.ctx.taxiiPull.pull({ url, collection: frCountry, token: 'atl_nope', originator: 'FR-DGSI', meta: CLI_META })).rejects.toThrow(/401/);
      expect(await held()).toHaveLength(4);
    } finally {
      await other.close();
      await app.close();
    }
  });
});
