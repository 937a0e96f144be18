import { expect, it } from 'vitest';
import { CLASSIFICATIONS, HANDLING_CODES, type Classification } from '../../src/domain/envelope.js';
import type { Actor } from '../../src/domain/identity.js';
import { noteKind } from '../../src/domain/kinds.js';
import { decide } from '../../src/domain/policy.js';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, justified, loggedIn } from '../support/factories.js';

describeOnStores('no route shows another agency’s unreleased item', (t) => {
  it('hides it from view, list, count, search, history, update, release and notifications', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    const app = await buildTestApp(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST', roles: ['analyst', 'supervisor'] });
    const maOther = await buildUser(ctx, { agency: 'MA-DGED', roles: ['analyst', 'supervisor', 'liaison_officer'] });
    const be = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['analyst', 'supervisor', 'liaison_officer', 'duty_officer'] });
    const fr = await buildUser(ctx, { agency: 'FR-DGSI', roles: ['analyst'] });
    const owner = await loggedIn(app, ma, clock);

    const hidden = await owner.post('/api/notes', {
      envelope: buildEnvelope({ releaseTo: { countries: [], agencies: [] } }),
      body: { title: 'Zanzibar lead', text: 'unreleased zanzibar content' },
    });
    expect(hidden.statusCode).toBe(201);
    const hiddenId = hidden.json().id;
    const released = await owner.post('/api/notes', {
      envelope: buildEnvelope({ releaseTo: { countries: ['FR'], agencies: [] } }),
      body: { title: 'Zanzibar shared', text: 'released zanzibar content' },
    });
    const releasedId = released.json().id;

    for (const [user, seesReleased] of [
      [be, false],
      [maOther, false],
      [fr, true],
    ] as const) {
      const c = await loggedIn(app, user, clock);
      const list = await c.get('/api/notes?limit=200');
      expect(list.statusCode).toBe(200);
      const ids = list.json().items.map((i: { id: string }) => i.id);
      expect(ids).not.toContain(hiddenId);
      expect(list.json().total).toBe(seesReleased ? 1 : 0);
      const search = await c.get('/api/notes?text=zanzibar');
      expect(search.json().total).toBe(seesReleased ? 1 : 0);
      expect(JSON.stringify(search.json())).not.toContain('unreleased');
      const byOriginator = await c.get('/api/notes?originator=MA-DGST&country=MA');
      expect(byOriginator.json().total).toBe(seesReleased ? 1 : 0);
      for (const res of [
        await c.get(`/api/notes/${hiddenId}`),
        await c.get(`/api/notes/${hiddenId}/history`),
        await c.patch(`/api/notes/${hiddenId}`, { body: { title: 'x', text: 'y' }, reason: 'try to change it' }, { 'if-match': '"1"' }),
        await c.post(`/api/notes/${hiddenId}/release`, { releaseTo: { countries: ['BE'], agencies: [] }, reason: 'give it to me' }, { 'if-match': '"1"' }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('item_not_found');
      }
      expect((await c.get(`/api/notes/${releasedId}`)).statusCode).toBe(seesReleased ? 200 : 404);
      expect(JSON.stringify((await c.get('/api/notifications')).json())).not.toContain(hiddenId);
    }
    // And the owner still sees both.
    expect((await owner.get('/api/notes')).json().total).toBe(2);
    await app.close();
  });

  it('lets the owner change releasability, and nobody else; stale versions get 409', async () => {
    const { ctx, clock } = t();
    const app = await buildTestApp(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST', roles: ['liaison_officer'] });
    const be = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['liaison_officer'] });
    const owner = await loggedIn(app, ma, clock);
    const other = await loggedIn(app, be, clock);
    const created = await owner.post('/api/notes', { envelope: buildEnvelope({ releaseTo: { countries: ['BE'], agencies: [] } }), body: { title: 'T', text: 'x' } });
    const id = created.json().id;
    const stolen = await other.post(`/api/notes/${id}/release`, { releaseTo: { countries: ['BE', 'ES'], agencies: [] }, reason: 'share onwards' }, { 'if-match': '"1"' });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().error.code).toBe('originator_control');
    const noIfMatch = await owner.post(`/api/notes/${id}/release`, { releaseTo: { countries: [], agencies: [] }, reason: 'withdraw' });
    expect(noIfMatch.statusCode).toBe(428);
    const ok = await owner.post(`/api/notes/${id}/release`, { releaseTo: { countries: [], agencies: [] }, reason: 'withdraw from Belgium' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    expect((await other.get(`/api/notes/${id}`)).statusCode).toBe(404);
    const stale = await owner.patch(`/api/notes/${id}`, { body: { title: 'T2', text: 'x' }, reason: 'retitle' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    const history = await owner.get(`/api/notes/${id}/history`);
    expect(history.json().versions).toHaveLength(1);
    expect(history.json().versions[0]).toMatchObject({ version: 2, reason: 'withdraw from Belgium', changedBy: ma.actor.userId });
    expect(history.json().versions[0].diff).toEqual([{ path: 'envelope.releaseTo.countries', before: ['BE'], after: [] }]);
    await app.close();
  });

  it('lists exactly what decide() allows, for every agency and clearance over every envelope', async () => {
    const { ctx } = t();
    const agencies = ['MA-DGST', 'MA-DGED', 'FR-DGSI', 'ES-CGI', 'BE-VSSE'];
    const releases = [
      { countries: [], agencies: [] },
      { countries: ['MA'], agencies: [] },
      { countries: ['FR', 'ES'], agencies: [] },
      { countries: [], agencies: ['BE-VSSE'] },
      { countries: ['ES'], agencies: ['MA-DGED'] },
    ];
    const originators: Record<string, Actor> = {};
    for (const a of agencies) originators[a] = (await buildUser(ctx, { agency: a, roles: ['analyst', 'liaison_officer'], clearance: 'secret' })).actor;
    const created: string[] = [];
    for (const origin of ['MA-DGST', 'BE-VSSE'])
      for (const releaseTo of releases)
        for (const classification of CLASSIFICATIONS)
          for (const handling of HANDLING_CODES) {
            const item = await ctx.items.create(
              originators[origin]!,
              noteKind,
              {
                envelope: buildEnvelope({ releaseTo, classification, handling: { code: handling, ...(handling === 'H3' ? { text: 'only with consent' } : {}) } }),
                body: { title: `matrix ${origin} ${classification}`, text: 'matrix' },
              },
              justified,
            );
            created.push(item.id);
          }
    const all = await Promise.all(created.map((id) => ctx.store.items.find(id)));
    let checked = 0;
    for (const agency of agencies)
      for (const clearance of ['restricted', 'confidential', 'secret'] as Classification[]) {
        const reader = (await buildUser(ctx, { agency, roles: ['duty_officer'], clearance })).actor;
        const page = await ctx.items.list(reader, noteKind, { text: 'matrix' }, { limit: 200 }, justified);
        const got = page.items.map((d) => d.item.id).sort();
        const want = all.filter((i) => decide(reader, 'list', i!.envelope, { now: ctx.clock.now(), justification: 'x'.repeat(10) }).allow).map((i) => i!.id).sort();
        expect(got, `${agency}/${clearance}`).toEqual(want);
        expect(page.total).toBe(want.length);
        checked++;
      }
    expect(checked).toBe(15);
  });
});
