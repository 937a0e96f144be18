import { expect, it } from 'vitest';
import { totpCode } from '../../src/services/auth-service.js';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildTestApp, buildUser, loggedIn, TestClient } from '../support/factories.js';

describeOnStores('authentication through the API', (t) => {
  const setup = async () => {
    const { ctx, clock } = t();
    if (!(await ctx.identities.listAgencies()).length) await buildCell(ctx);
    const app = await buildTestApp(ctx);
    return { ctx, clock, app };
  };

  it('logs in with password and TOTP, then knows who you are; logout ends the session', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'MA-DGST', roles: ['analyst'] });
    const client = new TestClient(app);
    const res = await client.login(user, clock);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'authenticated', user: { email: user.email, agency: 'MA-DGST', country: 'MA' } });
    const session = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'atalaya_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    const me = await client.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(user.email);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    const after = await client.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
    const audit = await ctx.store.audit.query({ actorUserId: user.actor.userId, limit: 10 });
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['auth.login:success', 'auth.logout:success']));
    await app.close();
  });

  it('refuses a wrong password, a wrong code, a missing code and a replayed code — and says which', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'FR-DGSI' });
    const attempt = (payload: object) => app.inject({ method: 'POST', url: '/api/auth/login', payload });
    const wrongPw = await attempt({ email: user.email, password: 'not-the-password', totp: totpCode(user.totpSecret, clock.now()) });
    expect(wrongPw.statusCode).toBe(401);
    expect(wrongPw.json().error.code).toBe('invalid_credentials');
    const unknown = await attempt({ email: 'nobody@x.test', password: 'whatever-long', totp: '123456' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrongPw.json().error.message); // no account enumeration
    const wrongCode = await attempt({ email: user.email, password: user.password, totp: '000000' === totpCode(user.totpSecret, clock.now()) ? '111111' : '000000' });
    expect(wrongCode.json().error.code).toBe('invalid_totp');
    const missing = await attempt({ email: user.email, password: user.password });
    expect(missing.json().error.code).toBe('totp_required');
    const ok = await attempt({ email: user.email, password: user.password, totp: totpCode(user.totpSecret, clock.now()) });
    expect(ok.statusCode).toBe(200);
    const replay = await attempt({ email: user.email, password: user.password, totp: totpCode(user.totpSecret, clock.now()) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('totp_replayed');
    // Secrets never reach the audit trail.
    const entries = await ctx.store.audit.query({ actorUserId: user.actor.userId, limit: 50 });
    expect(JSON.stringify(entries)).not.toContain(user.password);
    expect(JSON.stringify(entries)).not.toContain(user.totpSecret);
    await app.close();
  });

  it('locks an account after repeated failures, with a clear message, and lets it in after the lockout', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'ES-CGI' });
    for (let i = 0; i < ctx.config.lockoutThreshold; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'wrong-password!', totp: '123456' } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password, totp: totpCode(user.totpSecret, clock.now()) },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');
    expect(locked.json().error.message).toMatch(/locked until \d\d:\d\d UTC/);
    clock.advance(ctx.config.lockoutMinutes * 60_000 + 1000);
    const client = new TestClient(app);
    expect((await client.login(user, clock)).statusCode).toBe(200);
    const lockouts = await ctx.store.audit.query({ actorUserId: user.actor.userId, action: 'auth.lockout', limit: 5 });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]!.flagged).toBe(true);
    await app.close();
  });

  it('enrols TOTP at first login and refuses a wrong first code', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'BE-VSSE', enrolled: false });
    const first = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.status).toBe('enrolment_required');
    expect(body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Atalaya:/);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { ticket: body.ticket, totp: totpCode(body.secret, new Date(clock.now().getTime() + 600_000)) } });
    expect(wrong.statusCode).toBe(401);
    const done = await app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { ticket: body.ticket, totp: totpCode(body.secret, clock.now()) } });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('authenticated');
    clock.advance(30_000);
    const again = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password, totp: totpCode(body.secret, clock.now()) } });
    expect(again.json().status).toBe('authenticated');
    const reuseTicket = await app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { ticket: body.ticket, totp: totpCode(body.secret, clock.now()) } });
    expect(reuseTicket.statusCode).toBe(401);
    await app.close();
  });

  it('ends sessions after idle time and after the absolute limit; refuses forged and missing cookies', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'MA-DGED' });
    const client = await loggedIn(app, user, clock);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    clock.advance((ctx.config.sessionIdleMinutes + 1) * 60_000);
    expect((await client.get('/api/auth/me')).json().error.code).toBe('session_expired');

    const busy = await loggedIn(app, user, clock);
    for (let h = 0; h < ctx.config.sessionAbsoluteHours; h++) {
      clock.advance(20 * 60_000);
      expect((await busy.get('/api/auth/me')).statusCode).toBe(200);
      clock.advance(20 * 60_000);
      expect((await busy.get('/api/auth/me')).statusCode).toBe(200);
      clock.advance(20 * 60_000);
      await busy.get('/api/auth/me');
    }
    expect((await busy.get('/api/auth/me')).statusCode).toBe(401);

    const forged = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'atalaya_session=ses_forged0000000000000000000000000000000000' } });
    expect(forged.statusCode).toBe(401);
    const none = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(none.json().error.code).toBe('unauthenticated');
    await app.close();
  });

  it('requires the CSRF token on changes made with a cookie session', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'MA-DGST' });
    const client = await loggedIn(app, user, clock);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: client.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200); // still logged in: nothing changed
    await app.close();
  });

  it('authenticates machine clients with API tokens, narrowed to roles, revoked with their user', async () => {
    const { ctx, clock, app } = await setup();
    const admin = await buildUser(ctx, { agency: 'FR-DGSI', roles: ['admin'] });
    const target = await buildUser(ctx, { agency: 'FR-DGSI', roles: ['analyst', 'liaison_officer'] });
    const adminClient = await loggedIn(app, admin, clock);
    const created = await adminClient.post('/api/tokens', { email: target.email, name: 'TAXII feed', roles: ['liaison_officer'] });
    expect(created.statusCode).toBe(201);
    const { token, roles } = created.json();
    expect(token).toMatch(/^atl_/);
    expect(roles).toEqual(['liaison_officer']);
    const machine = new TestClient(app);
    machine.bearer = token;
    const me = await machine.get('/api/auth/me');
    expect(me.json().user.roles).toEqual(['liaison_officer']);
    const tooMuch = await adminClient.post('/api/tokens', { email: target.email, name: 'too much', roles: ['supervisor'] });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.code).toBe('role_not_held');
    const analystClient = await loggedIn(app, target, clock);
    expect((await analystClient.post('/api/tokens', { email: target.email, name: 'mine' })).statusCode).toBe(403);
    await adminClient.post(`/api/users/${target.actor.userId}/disable`);
    expect((await machine.get('/api/auth/me')).json().error.code).toBe('invalid_token');
    expect((await analystClient.get('/api/auth/me')).statusCode).toBe(401);
    const bogus = new TestClient(app);
    bogus.bearer = 'atl_forged';
    expect((await bogus.get('/api/auth/me')).statusCode).toBe(401);
    // The token itself is never stored or logged.
    const audit = await ctx.store.audit.query({ action: 'token.create', limit: 10 });
    expect(JSON.stringify(audit)).not.toContain(token);
    await app.close();
  });

  it('lets an administrator change roles and clearance, ending the user’s sessions, audited; refuses others and bad input', async () => {
    const { ctx, clock, app } = await setup();
    const admin = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['admin'] });
    const officer = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['duty_officer'], clearance: 'restricted' });
    const adminClient = await loggedIn(app, admin, clock);
    const officerClient = await loggedIn(app, officer, clock);
    expect((await officerClient.post(`/api/users/${officer.actor.userId}/access`, { roles: ['supervisor'] })).statusCode).toBe(403);
    const changed = await adminClient.post(`/api/users/${officer.actor.userId}/access`, { roles: ['duty_officer', 'supervisor'], clearance: 'confidential' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ roles: ['duty_officer', 'supervisor'], clearance: 'confidential' });
    expect((await officerClient.get('/api/auth/me')).statusCode).toBe(401); // a new login carries the new roles
    const again = await loggedIn(app, officer, clock);
    expect((await again.get('/api/auth/me')).json().user.roles).toEqual(['duty_officer', 'supervisor']);
    expect((await adminClient.post(`/api/users/${officer.actor.userId}/access`, {})).statusCode).toBe(400);
    expect((await adminClient.post(`/api/users/${officer.actor.userId}/access`, { roles: [] })).statusCode).toBe(400);
    expect((await adminClient.post(`/api/users/${officer.actor.userId}/access`, { roles: ['overlord'] })).statusCode).toBe(400);
    const audit = await ctx.store.audit.query({ action: 'user.access.change', limit: 10 });
    expect(audit[0]!.details).toMatchObject({ before: { roles: ['duty_officer'], clearance: 'restricted' } });
    await app.close();
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const { ctx, clock, app } = await setup();
    const user = await buildUser(ctx, { agency: 'MA-DGST' });
    const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload, headers });
    const malformed = await post('{"email": "a@b",');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const wrongType = await post(JSON.stringify({ email: 12, password: true }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('validation_failed');
    const unknownField = await post(JSON.stringify({ email: user.email, password: user.password, totp: '123456', admin: true }));
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.message).toMatch(/admin|unrecognized/i);
    const huge = await post(JSON.stringify({ email: user.email, password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('body_too_large');
    const text = await post('email=x', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    // None of these counted against the account or opened a session.
    const stored = await ctx.store.identities.findUserByEmail(user.email);
    expect(stored!.failedLogins).toBe(0);
    const client = new TestClient(app);
    expect((await client.login(user, clock)).statusCode).toBe(200);
    await app.close();
  });
});

describeOnStores('login rate limit per IP address', (t) => {
  it('answers 429 with a clear message past the per-IP limit, whatever the accounts', async () => {
    const { ctx } = t();
    const app = await buildTestApp(ctx);
    let last = 0;
    let body: { error: { code: string; message: string } } | undefined;
    for (let i = 0; i <= ctx.config.loginPerIpPerMinute; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `nobody${i}@x.test`, password: 'wrong-password!' }, remoteAddress: '127.0.0.2' });
      last = r.statusCode;
      body = r.json();
    }
    expect(last).toBe(429);
    expect(body!.error.code).toBe('rate_limited');
    // Another address is not affected.
    const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@x.test', password: 'wrong-password!' }, remoteAddress: '127.0.0.3' });
    expect(other.statusCode).toBe(401);
    await app.close();
  });
});
