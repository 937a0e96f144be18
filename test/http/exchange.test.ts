import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { AppContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, loggedIn, type TestClient, type TestUser } from '../support/factories.js';
import { buildReportBody, buildSubjectBody, subjectEnvelope } from '../support/records.js';
import { SseClient } from '../support/sse.js';

const WHY = 'Operation Noel: lead from Rabat';

function request(over: Record<string, unknown> = {}) {
  return {
    to: { agencies: ['BE-VSSE'], countries: [] },
    subject: 'Youssef Ben Omar: travel to Brussels?',
    text: 'Do you hold anything on this person? He may travel before the markets close.',
    priority: 'urgent',
    kind: 'request',
    handling: { code: 'H2' },
    grading: 'B2',
    ...over,
  };
}

describeOnStores('exchange between agencies', (t) => {
  let ma: TestClient;
  let maSupervisor: TestClient;
  let be: TestClient;
  let beSupervisor: TestClient;
  let fr: TestClient;
  let es: TestClient;
  let beUser: TestUser;
  let app: Awaited<ReturnType<typeof buildTestApp>>;

  let maUser: TestUser;
  let maSupUser: TestUser;
  let beSupUser: TestUser;
  let frUser: TestUser;
  let esUser: TestUser;
  /** Hours pass on the test clock: sessions end, officers log in again. */
  const relogin = async () => {
    const { clock } = t();
    ma = await loggedIn(app, maUser, clock);
    maSupervisor = await loggedIn(app, maSupUser, clock);
    be = await loggedIn(app, beUser, clock);
    beSupervisor = await loggedIn(app, beSupUser, clock);
    fr = await loggedIn(app, frUser, clock);
    es = await loggedIn(app, esUser, clock);
  };

  it('sets up the cell', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    app = await buildTestApp(ctx);
    maUser = await buildUser(ctx, { agency: 'MA-DGST', roles: ['analyst', 'liaison_officer'] });
    maSupUser = await buildUser(ctx, { agency: 'MA-DGST', roles: ['supervisor'] });
    beUser = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['duty_officer', 'analyst', 'liaison_officer'] });
    beSupUser = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['supervisor'] });
    frUser = await buildUser(ctx, { agency: 'FR-DGSI', roles: ['analyst', 'liaison_officer'] });
    esUser = await buildUser(ctx, { agency: 'ES-CGI', roles: ['analyst'] });
    void clock;
    await relogin();
  });

  it('carries a request through its whole life: send, deliver, read, acknowledge, answer, close', async () => {
    const { ctx } = t();
    const sent = await ma.post('/api/messages', request());
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().message.id;
    expect(sent.json().recipients).toEqual([expect.objectContaining({ agency: 'BE-VSSE', status: 'delivered', escalationLevel: 0 })]);
    const inbox = (await be.get('/api/messages')).json().messages;
    expect(inbox.map((m: { message: { id: string } }) => m.message.id)).toContain(id);
    expect((await fr.get(`/api/messages/${id}`)).statusCode).toBe(404); // not a recipient
    const read = await be.get(`/api/messages/${id}`);
    expect(read.json().recipients[0]).toMatchObject({ status: 'read' });
    const ack = await be.post(`/api/messages/${id}/acknowledge`);
    expect(ack.json().recipients[0]).toMatchObject({ status: 'acknowledged', ackedBy: beUser.actor.userId });
    const answer = await be.post(`/api/messages/${id}/answer`, { text: 'We hold a record; releasing it to you.', grading: 'C2' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json().message.body).toMatchObject({ inReplyTo: id, subject: expect.stringMatching(/^Re: /) });
    expect((await ma.get(`/api/messages/${id}`)).json().recipients[0]).toMatchObject({ status: 'answered', answerId: answer.json().message.id });
    expect((await be.post(`/api/messages/${id}/close`)).statusCode).toBe(403);
    const closed = await ma.post(`/api/messages/${id}/close`);
    expect(closed.json().recipients[0].status).toBe('closed');
    const actions = (await ctx.store.audit.query({ item: id, limit: 50 })).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['message.create:success', 'message.view:success', 'message.acknowledge:success', 'message.answer:success', 'message.close:success']));
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const { ctx } = t();
    const count = async () => (await ctx.store.items.all(null, 'message')).length;
    const before = await count();
    const cases: [object, number, string][] = [
      [request({ to: { agencies: ['XX-NOBODY'], countries: [] } }), 400, 'unknown_recipient'],
      [request({ to: { agencies: ['not an agency'], countries: [] } }), 400, 'validation_failed'],
      [request({ to: { agencies: ['PT-PJ'], countries: ['IT'] } }), 400, 'unknown_recipient'],
      [request({ to: { agencies: ['MA-DGST'], countries: [] } }), 400, 'no_recipient'],
      [request({ text: '   ' }), 400, 'validation_failed'],
      [request({ answerDueAt: '2020-01-01T00:00:00Z' }), 400, 'deadline_past'],
      [request({ grading: 'Z9' }), 400, 'validation_failed'],
      [request({ attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', base64: 'A'.repeat(14 * 1024 * 1024) }] }), 400, 'attachment_too_large'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await ma.post('/api/messages', payload);
      expect(r.statusCode, `${code} ${r.body.slice(0, 200)}`).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    const huge = await ma.inject({ method: 'POST', url: '/api/messages', payload: JSON.stringify(request({ attachments: [{ filename: 'x', contentType: 'x', base64: 'A'.repeat(70 * 1024 * 1024) }] })), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    expect(await count()).toBe(before);
    const id = (await ma.post('/api/messages', request())).json().message.id;
    expect((await be.post(`/api/messages/${id}/acknowledge`)).statusCode).toBe(200);
    const twice = await be.post(`/api/messages/${id}/acknowledge`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('already_acknowledged');
    expect((await fr.post(`/api/messages/${id}/acknowledge`)).statusCode).toBe(404); // someone else's message
    expect((await ma.post(`/api/messages/${id}/acknowledge`)).statusCode).toBe(403); // the sender is not a recipient
  });

  it('keeps attachments checksummed in the database', async () => {
    const content = Buffer.from('manifest AT780\nHADDAD YOUSSEF BEN OMAR\n');
    const sent = await ma.post('/api/messages', request({ priority: 'routine', kind: 'message', attachments: [{ filename: 'manifest.txt', contentType: 'text/plain', base64: content.toString('base64') }] }));
    const [att] = sent.json().attachments;
    expect(att).toMatchObject({ filename: 'manifest.txt', size: content.length });
    const got = await be.inject({ method: 'GET', url: `/api/attachments/${att.id}` });
    expect(got.rawPayload.equals(content)).toBe(true);
    expect(got.headers['x-content-sha256']).toBe(att.sha256);
    expect((await fr.inject({ method: 'GET', url: `/api/attachments/${att.id}` })).statusCode).toBe(404);
  });

  it('escalates an unacknowledged urgent request on a controllable clock: recipient supervisors, then the sender’s', async () => {
    const { ctx, clock } = t();
    const sent = (await ma.post('/api/messages', request())).json();
    const id = sent.message.id;
    const events = async (kind: string) => (await ctx.store.exchange.eventsAfter(0, 10_000)).filter((e) => e.kind === kind && e.itemId === id);
    clock.advance(49 * 60_000);
    expect((await ctx.exchange.tick()).warnings).toBeGreaterThanOrEqual(1);
    expect(await events('deadline.warning')).toHaveLength(1);
    expect(await events('message.escalated')).toHaveLength(0);
    clock.advance(12 * 60_000); // 61 minutes: past the 1-hour acknowledgement deadline
    await ctx.exchange.tick();
    await ctx.exchange.tick(); // once per level
    expect(await events('message.escalated')).toHaveLength(1);
    await relogin();
    const beNotes = (await beSupervisor.get('/api/notifications')).json().notifications;
    expect(beNotes[0]).toMatchObject({ kind: 'escalation', itemId: id, payload: { level: 1, what: 'acknowledgement' } });
    clock.advance(60 * 60_000);
    await ctx.exchange.tick();
    expect(await events('message.escalated')).toHaveLength(2);
    await relogin();
    const maNotes = (await maSupervisor.get('/api/notifications')).json().notifications;
    expect(maNotes[0]).toMatchObject({ kind: 'escalation', payload: { level: 2, to: 'BE-VSSE' } });
    const trail = await ctx.store.audit.query({ item: id, action: 'message.escalate', limit: 5 });
    expect(trail.map((e) => e.details.level).sort()).toEqual([1, 2]);
    // The board shows it overdue, in red.
    const board = (await be.get('/api/board')).json();
    expect(board.openRequests.find((o: { id: string }) => o.id === id)).toMatchObject({ overdue: true, escalationLevel: 2 });
    // Late acknowledgement is recorded as late, and stops the escalation.
    await beSupervisor.post(`/api/messages/${id}/acknowledge`);
    clock.advance(3 * 3_600_000);
    await ctx.exchange.tick();
    expect(await events('message.escalated')).toHaveLength(2);
    await relogin();
  });

  it('refuses to forward under H2, forwards under H0, and refuses to link what the sender may not release', async () => {
    const h2 = (await ma.post('/api/messages', request({ to: { agencies: ['FR-DGSI'], countries: [] }, priority: 'routine', kind: 'message' }))).json().message.id;
    const fwd = await fr.post(`/api/messages/${h2}/forward`, { to: { agencies: ['ES-CGI'], countries: [] }, note: 'For your information' });
    expect(fwd.statusCode).toBe(403);
    expect(fwd.json().error.code).toBe('h2_no_further_dissemination');
    const h0 = (await ma.post('/api/messages', request({ to: { agencies: ['FR-DGSI'], countries: [] }, priority: 'routine', kind: 'message', handling: { code: 'H0' } }))).json().message.id;
    const ok = await fr.post(`/api/messages/${h0}/forward`, { to: { agencies: ['ES-CGI'], countries: [] }, note: 'For your information' });
    expect(ok.statusCode, ok.body).toBe(201);
    // Morocco's H2 person released to France: France may see it but not pass it on to Spain.
    const person = (await ma.post('/api/subjects', { envelope: subjectEnvelope({ releaseTo: { countries: ['FR'], agencies: [] } }), body: buildSubjectBody() })).json().id;
    const link = await fr.post('/api/messages', request({ to: { agencies: ['ES-CGI'], countries: [] }, links: [person] }));
    expect(link.statusCode).toBe(403);
    expect(link.json().error.code).toBe('link_refused');
    const unseen = (await be.post('/api/subjects', { envelope: subjectEnvelope(), body: buildSubjectBody() })).json().id;
    expect((await fr.post('/api/messages', request({ to: { agencies: ['ES-CGI'], countries: [] }, links: [unseen] }))).statusCode).toBe(404);
    // The owner may link its own record: it is disclosed to the recipients.
    const own = await ma.post('/api/messages', request({ to: { agencies: ['ES-CGI'], countries: [] }, links: [person] }));
    expect(own.statusCode, own.body).toBe(201);
  });

  it('tells every agency an item was ever disclosed to when its originator corrects it — even after withdrawing it', async () => {
    const { ctx } = t();
    const report = (await ma.post('/api/reports', { envelope: buildEnvelope({ releaseTo: { countries: ['FR', 'ES'], agencies: [] } }), body: buildReportBody() })).json();
    const withdrawn = await ma.post(`/api/reports/${report.id}/release`, { releaseTo: { countries: ['FR'], agencies: [] }, reason: 'Spain no longer needs it' }, { 'if-match': '"1"' });
    expect(withdrawn.statusCode).toBe(200);
    const corrected = await ma.patch(`/api/reports/${report.id}`, { body: { ...report.body, text: 'Travel expected on 20 December, not before.' }, reason: 'The source was wrong about the date' }, { 'if-match': '"2"' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    for (const c of [fr, es]) {
      const notes = (await c.get('/api/notifications')).json().notifications;
      expect(notes.find((n: { kind: string; itemId: string }) => n.kind === 'item-corrected' && n.itemId === report.id)).toMatchObject({ payload: { by: 'MA-DGST', reason: 'The source was wrong about the date' } });
    }
    expect((await be.get('/api/notifications')).json().notifications.some((n: { itemId: string }) => n.itemId === report.id)).toBe(false);
    void ctx;
  });

  it('recalls a message: every recipient is told and it can no longer be acknowledged', async () => {
    const id = (await ma.post('/api/messages', request({ to: { agencies: ['BE-VSSE', 'FR-DGSI'], countries: [] }, handling: { code: 'H0' } }))).json().message.id;
    expect((await fr.post(`/api/messages/${id}/recall`, { reason: 'not yours' })).statusCode).toBe(403);
    expect((await ma.post(`/api/messages/${id}/recall`, { reason: 'Sent on a wrong premise' })).statusCode).toBe(204);
    for (const c of [be, fr]) {
      const notes = (await c.get('/api/notifications')).json().notifications;
      expect(notes.find((n: { kind: string; itemId: string }) => n.kind === 'item-recalled' && n.itemId === id)).toMatchObject({ payload: { reason: 'Sent on a wrong premise' } });
    }
    const ack = await be.post(`/api/messages/${id}/acknowledge`);
    expect(ack.statusCode).toBe(409);
    expect(ack.json().error.code).toBe('recalled');
  });

  it('cross-checks a new person against other agencies’ records and tells both owners without content', async () => {
    const { ctx } = t();
    const bePerson = (await be.post('/api/subjects', {
      envelope: subjectEnvelope({ releaseTo: { countries: [], agencies: [] } }),
      body: { names: [{ full: 'Youssef BEN OMAR', script: 'latin', kind: 'primary' }], datesOfBirth: ['1994'], nationalities: ['MA'] },
    })).json().id;
    await ctx.settled();
    const maPerson = (await ma.post('/api/subjects', { envelope: subjectEnvelope({ releaseTo: { countries: ['FR', 'ES'], agencies: [] } }), body: buildSubjectBody() })).json().id;
    await ctx.settled();
    const maChecks = (await ma.get('/api/cross-checks?decision=pending')).json().crossChecks;
    const mine = maChecks.find((c: { yourRecord: string }) => c.yourRecord === maPerson);
    expect(mine).toMatchObject({ holder: 'BE-VSSE', message: 'BE-VSSE may hold information on this person — ask them' });
    expect(JSON.stringify(mine)).not.toContain(bePerson);
    const beChecks = (await be.get('/api/cross-checks?decision=pending')).json().crossChecks;
    const theirs = beChecks.find((c: { yourRecord: string }) => c.yourRecord === bePerson);
    expect(theirs).toMatchObject({ holder: 'MA-DGST', message: 'MA-DGST may hold information on this person — ask them' });
    expect(JSON.stringify(theirs)).not.toContain('Haddad');
    const beNote = (await be.get('/api/notifications')).json().notifications.find((n: { kind: string }) => n.kind === 'cross-check');
    expect(JSON.stringify(beNote)).not.toMatch(/Haddad|يوسف/);
    // Belgium decides to release its record to Morocco; Morocco now sees it.
    const decided = await beSupervisor.post(`/api/cross-checks/${theirs.id}/decision`, { decision: 'release', reason: 'After Morocco’s urgent request' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await ma.get(`/api/subjects/${bePerson}`, WHY)).statusCode).toBe(200);
    expect((await beSupervisor.post(`/api/cross-checks/${theirs.id}/decision`, { decision: 'decline', reason: 'again' })).statusCode).toBe(409);
    const trail = await ctx.store.audit.query({ action: 'crosscheck.release', limit: 1 });
    expect(trail[0]).toMatchObject({ outcome: 'success', recipients: ['MA-DGST'] });
  });

  it('puts threat-level changes on every board that may see them, and nowhere else', async () => {
    const { ctx } = t();
    const level = await fr.post('/api/threat-levels', {
      envelope: buildEnvelope({ grading: null, classification: 'unclassified', tlp: 'clear', releaseTo: { countries: ['MA', 'BE'], agencies: [] } }),
      body: { country: 'FR', scale: 'vigipirate', level: 'urgence-attentat', effectiveFrom: '2026-12-14T05:40:00+01:00', reason: 'Christmas market, Strasbourg' },
    });
    expect(level.statusCode, level.body).toBe(201);
    const [event] = (await ctx.store.exchange.eventsAfter(0, 100_000)).filter((e) => e.kind === 'threat-level.changed' && e.itemId === level.json().id);
    expect(event!.agencies).toEqual(expect.arrayContaining(['FR-DGSI', 'MA-DGST', 'MA-DGED', 'BE-VSSE']));
    expect(event!.agencies).not.toContain('ES-CGI');
    const board = (await be.get('/api/board')).json();
    expect(board.threatLevels.map((l: { id: string }) => l.id)).toContain(level.json().id);
  });

  it('keeps who is on duty, the shift log, and handovers the next shift must acknowledge', async () => {
    const { ctx, clock } = t();
    const now = clock.now();
    const shift = await beSupervisor.post('/api/duty/shifts', { userId: beUser.actor.userId, startsAt: new Date(now.getTime() - 3_600_000).toISOString(), endsAt: new Date(now.getTime() + 11 * 3_600_000).toISOString() });
    expect(shift.statusCode, shift.body).toBe(201);
    expect((await be.post('/api/duty/shifts', { userId: (await buildUser(ctx, { agency: 'BE-VSSE' })).actor.userId, startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 3_600_000).toISOString() })).statusCode).toBe(403);
    expect((await ma.get('/api/duty/now')).json().onDuty).toEqual(expect.arrayContaining([expect.objectContaining({ agency: 'BE-VSSE', userId: beUser.actor.userId })]));
    const note = (await be.post('/api/duty/log', { text: 'Morocco request pending; supervisor acknowledged at 03:52.', kind: 'handover' })).json();
    expect((await beSupervisor.get('/api/board')).json().handoversToAcknowledge).toBe(1);
    expect((await be.post(`/api/duty/log/${note.id}/acknowledge`)).statusCode).toBe(403); // not one's own
    expect((await beSupervisor.post(`/api/duty/log/${note.id}/acknowledge`)).statusCode).toBe(200);
    expect((await beSupervisor.post(`/api/duty/log/${note.id}/acknowledge`)).statusCode).toBe(409);
    expect((await beSupervisor.get('/api/board')).json().handoversToAcknowledge).toBe(0);
  });

  it('streams live events filtered by the policy, and replays what a reconnecting client missed — once', async () => {
    const { ctx } = t();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/api/stream`;
    const beStream = new SseClient(url, { cookie: be.cookie });
    const esStream = new SseClient(url, { cookie: es.cookie });
    await beStream.connect();
    await esStream.connect();
    const first = (await ma.post('/api/messages', request({ subject: 'first' }))).json().message.id;
    await ctx.settled();
    await beStream.waitFor(1);
    expect(beStream.events[0]).toMatchObject({ event: 'message.new', data: { id: first, from: 'MA-DGST', priority: 'urgent' } });
    const seen = beStream.lastId;
    beStream.close();
    const second = (await ma.post('/api/messages', request({ subject: 'second' }))).json().message.id;
    const third = (await ma.post('/api/messages', request({ subject: 'third', to: { agencies: ['FR-DGSI'], countries: [] } }))).json().message.id;
    await ctx.settled();
    const again = new SseClient(url, { cookie: be.cookie });
    await again.connect(seen);
    await again.waitFor(1);
    await ctx.settled();
    await new Promise((r) => setTimeout(r, 200));
    expect(again.events.map((e) => e.data.id)).toEqual([second]); // missed one, not the first again, not France's
    expect(again.events.some((e) => e.data.id === third)).toBe(false);
    // Spain sees none of it: nothing was addressed or released to Spain.
    expect(esStream.events.filter((e) => [first, second, third].includes(e.data.id as string))).toEqual([]);
    again.close();
    esStream.close();
    await app.close();
  });
});

describeOnStores('several server processes on one PostgreSQL', (t) => {
  it('delivers events to the clients of every process (LISTEN/NOTIFY)', async () => {
    const { ctx, clock, database, schema } = t();
    if (database.name !== 'postgres') return; // one embedded database is one process
    await buildCell(ctx);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-second-'));
    const second = await AppContext.open({ dataDir, databaseUrl: database.url, clock, logger: createLogger('silent'), database: { schema } });
    try {
      const appA = await buildTestApp(ctx);
      const appB = await buildTestApp(second);
      await appB.listen({ port: 0, host: '127.0.0.1' });
      const sender = await loggedIn(appA, await buildUser(ctx, { agency: 'MA-DGST' }), clock);
      const reader = await loggedIn(appB, await buildUser(ctx, { agency: 'BE-VSSE', roles: ['duty_officer'] }), clock);
      const stream = new SseClient(`http://127.0.0.1:${(appB.server.address() as { port: number }).port}/api/stream`, { cookie: reader.cookie });
      await stream.connect();
      const id = (await sender.post('/api/messages', request())).json().message.id;
      await stream.waitFor(1, 8000);
      expect(stream.events[0]).toMatchObject({ event: 'message.new', data: { id } });
      // Deadlines are data: the other process, or a restarted one, escalates what fell due.
      clock.advance(61 * 60_000);
      await second.exchange.tick();
      await stream.waitFor(2, 8000);
      expect(stream.events[1]).toMatchObject({ event: 'message.escalated', data: { id, level: 1 } });
      stream.close();
      await appB.close();
      await appA.close();
    } finally {
      await second.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
