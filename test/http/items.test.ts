import { expect, it } from 'vitest';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, loggedIn } from '../support/factories.js';

describeOnStores('items: justification, break-glass, markings, headers', (t) => {
  it('asks for a justification before showing personal data, and records it', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    const app = await buildTestApp(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST' });
    const fr = await buildUser(ctx, { agency: 'FR-DGSI' });
    const owner = await loggedIn(app, ma, clock);
    const created = await owner.post('/api/notes', {
      envelope: buildEnvelope({ subjectCategory: 'suspect', releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H1' } }),
      body: { title: 'About a person', text: 'Seen near the station', statement: 'fact' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const reader = await loggedIn(app, fr, clock);
    const without = await reader.get(`/api/notes/${id}`);
    expect(without.statusCode).toBe(403);
    expect(without.json().error).toMatchObject({ code: 'justification_required', details: { needs: ['justification'] } });
    const listWithout = await reader.get('/api/notes?category=suspect');
    expect(listWithout.json().error.code).toBe('justification_required');
    const why = 'Passenger check, flight AT 780, 14 Dec';
    const ok = await reader.get(`/api/notes/${id}`, why);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().access).toMatchObject({ relation: 'released', h1Marking: true, breakGlass: false });
    const entries = await ctx.store.audit.query({ item: id, action: 'note.view', limit: 10 });
    expect(entries.map((e) => [e.outcome, e.justification])).toEqual([
      ['success', why],
      ['denied', null],
    ]);
    await app.close();
  });

  it('opens an unreleased item by break-glass only with a justification, tells the owner and a supervisor, flags the entry', async () => {
    const { ctx, clock } = t();
    const app = await buildTestApp(ctx);
    const ma = await buildUser(ctx, { agency: 'MA-DGST' });
    const be = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['duty_officer'] });
    const beSupervisor = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['supervisor'] });
    const owner = await loggedIn(app, ma, clock);
    const created = await owner.post('/api/notes', {
      envelope: buildEnvelope({ releaseTo: { countries: ['FR'], agencies: [] }, handling: { code: 'H3', text: 'Not to be used in court' } }),
      body: { title: 'Safe house address', text: 'Rue des Tanneurs 12 (synthetic)' },
    });
    const id = created.json().id;
    const duty = await loggedIn(app, be, clock);
    expect((await duty.get(`/api/notes/${id}`)).statusCode).toBe(404);
    const noReason = await duty.inject({ method: 'GET', url: `/api/notes/${id}`, headers: { 'x-break-glass': '1' } });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().error.code).toBe('justification_required');
    const why = 'Imminent threat reported at Brussels-Midi 03:10';
    const opened = await duty.inject({ method: 'GET', url: `/api/notes/${id}`, headers: { 'x-break-glass': '1' }, justification: why });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().access).toMatchObject({ breakGlass: true, restriction: 'Not to be used in court' });
    const [entry] = await ctx.store.audit.query({ item: id, action: 'note.view', outcome: 'success', limit: 1 });
    expect(entry).toMatchObject({ flagged: true, justification: why, details: { breakGlass: true } });
    const ownerNotes = (await owner.get('/api/notifications')).json().notifications;
    expect(ownerNotes[0]).toMatchObject({ kind: 'break-glass', itemId: id, payload: { actorAgency: 'BE-VSSE', justification: why } });
    const supervisorNotes = (await (await loggedIn(app, beSupervisor, clock)).get('/api/notifications')).json().notifications;
    expect(supervisorNotes[0]).toMatchObject({ kind: 'break-glass', itemId: id });
    // The duty officer's own notices do not include it (it is for supervisors), nor may break-glass list or change.
    expect((await duty.get('/api/notifications')).json().notifications).toHaveLength(0);
    expect((await duty.inject({ method: 'GET', url: '/api/notes', headers: { 'x-break-glass': '1' }, justification: why })).json().total).toBe(0);
    await app.close();
  });

  it('validates envelopes: H3 needs its text, grading and dates are checked, unknown agencies refused', async () => {
    const { ctx, clock } = t();
    const app = await buildTestApp(ctx);
    const c = await loggedIn(app, await buildUser(ctx, { agency: 'ES-CGI' }), clock);
    const cases: [object, string][] = [
      [buildEnvelope({ handling: { code: 'H3' } }), 'validation_failed'],
      [buildEnvelope({ grading: 'E9' }), 'validation_failed'],
      [buildEnvelope({ reviewBy: '2027-02-30' }), 'validation_failed'],
      [buildEnvelope({ reviewBy: '2020-01-01' }), 'review_date_past'],
      [buildEnvelope({ releaseTo: { countries: [], agencies: ['FR-NOPE'] } }), 'unknown_agency'],
      [{ ...buildEnvelope(), originator: 'FR-DGSI' }, 'validation_failed'],
      [{ ...buildEnvelope(), classification: 'top-secret' }, 'validation_failed'],
    ];
    for (const [envelope, code] of cases) {
      const r = await c.post('/api/notes', { envelope, body: { title: 't', text: 'x' } });
      expect(r.statusCode, JSON.stringify(envelope)).toBe(400);
      expect(r.json().error.code).toBe(code);
    }
    const creatorAbove = await c.post('/api/notes', { envelope: buildEnvelope({ classification: 'secret' }), body: { title: 't', text: 'x' } });
    expect(creatorAbove.statusCode).toBe(201); // the creator is cleared to secret
    expect((await c.get('/api/notes')).json().total).toBe(1);
    await app.close();
  });

  it('sends security headers and answers unknown routes in the error shape', async () => {
    const { ctx } = t();
    const app = await buildTestApp(ctx);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('route_not_found');
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.paths['/api/notes'].post.requestBody).toBeDefined();
    await app.close();
  });
});
