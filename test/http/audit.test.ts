import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { noteKind } from '../../src/domain/kinds.js';
import { verifyExport } from '../../src/services/audit-service.js';
import { describeOnStores, rawSql } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, justified, loggedIn } from '../support/factories.js';

describeOnStores('the audit trail', (t) => {
  const setup = async () => {
    const { ctx } = t();
    if (!(await ctx.identities.listAgencies()).length) await buildCell(ctx);
    return ctx;
  };

  it('refuses UPDATE, DELETE and TRUNCATE at the database, whoever asks', async () => {
    const ctx = await setup();
    const analyst = await buildUser(ctx, { agency: 'MA-DGST' });
    await ctx.items.create(analyst.actor, noteKind, { envelope: buildEnvelope(), body: { title: 'n', text: 't' } }, justified);
    await expect(rawSql(t(), `update audit_log set outcome = 'denied' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(rawSql(t(), `delete from audit_log where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(rawSql(t(), `truncate audit_log`)).rejects.toThrow(/append-only/);
    expect((await ctx.audit.verify()).ok).toBe(true);
  });

  it('detects an entry altered behind the application’s back and names it', async () => {
    const ctx = await setup();
    const analyst = await buildUser(ctx, { agency: 'FR-DGSI' });
    for (let i = 0; i < 3; i++) {
      await ctx.items.create(analyst.actor, noteKind, { envelope: buildEnvelope(), body: { title: `n${i}`, text: 't' } }, justified);
    }
    const before = await ctx.audit.verify();
    expect(before.ok).toBe(true);
    const victim = before.headSeq! - 2;
    // An intruder with database superuser rights disables the guard and rewrites a justification.
    await rawSql(
      t(),
      `alter table audit_log disable trigger audit_log_no_update;
       update audit_log set justification = 'routine check' where seq = ${victim};
       alter table audit_log enable trigger audit_log_no_update;`,
    );
    const after = await ctx.audit.verify();
    expect(after.ok).toBe(false);
    expect(after.firstBroken).toEqual({ seq: victim, reason: 'hash-mismatch' });
  });
});

describeOnStores('audit: signed export, auditors’ reading, refusals', (t) => {
  const setup = async () => {
    const { ctx } = t();
    if (!(await ctx.identities.listAgencies()).length) await buildCell(ctx);
    return ctx;
  };

  it('exports a signed file that verifies elsewhere, and fails when a byte changes', async () => {
    const ctx = await setup();
    const analyst = await buildUser(ctx, { agency: 'ES-CGI' });
    await ctx.items.create(analyst.actor, noteKind, { envelope: buildEnvelope(), body: { title: 'x', text: 'y' } }, justified);
    const file = await ctx.audit.export();
    expect(file.entries.length).toBeGreaterThan(2);
    expect(verifyExport(file)).toMatchObject({ ok: true, signatureValid: true });
    const tampered = structuredClone(file);
    tampered.entries[1]!.action = 'note.view';
    expect(verifyExport(tampered)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
    // Truncating the tail breaks the signature over the head.
    const truncated = { ...structuredClone(file), entries: file.entries.slice(0, -1) };
    expect(verifyExport(truncated).ok).toBe(false);
    // Key kept in the data folder and reused.
    expect(fs.existsSync(path.join(t().dataDir, 'node-key.pem'))).toBe(true);
  });

  it('lets auditors — and only auditors — read the trail with filters and pagination', async () => {
    const ctx = await setup();
    const { clock } = t();
    const app = await buildTestApp(ctx);
    const analyst = await buildUser(ctx, { agency: 'MA-DGST' });
    const auditor = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['auditor'], clearance: 'restricted' });
    const admin = await buildUser(ctx, { agency: 'BE-VSSE', roles: ['admin'] });
    const a = await loggedIn(app, analyst, clock);
    const created = await a.post('/api/notes', { envelope: buildEnvelope(), body: { title: 'Lead', text: 'text' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    for (let i = 0; i < 3; i++) expect((await a.get(`/api/notes/${id}`)).statusCode).toBe(200);

    const dpo = await loggedIn(app, auditor, clock);
    const views = await dpo.get(`/api/audit?item=${id}&action=note.view&limit=2`);
    expect(views.statusCode).toBe(200);
    expect(views.json().entries).toHaveLength(2);
    expect(views.json().entries[0]).toMatchObject({ action: 'note.view', actorUserId: analyst.actor.userId, actorAgency: 'MA-DGST', items: [id] });
    const next = await dpo.get(`/api/audit?item=${id}&action=note.view&limit=2&cursor=${views.json().nextCursor}`);
    expect(next.json().entries).toHaveLength(1);
    const byActor = await dpo.get(`/api/audit?actor=${analyst.actor.userId}&limit=100`);
    expect(byActor.json().entries.every((e: { actorUserId: string }) => e.actorUserId === analyst.actor.userId)).toBe(true);
    const verify = await dpo.get('/api/audit/verify');
    expect(verify.json()).toMatchObject({ ok: true });

    expect((await a.get('/api/audit')).statusCode).toBe(403);
    expect((await (await loggedIn(app, admin, clock)).get('/api/audit')).statusCode).toBe(403);
    // Admins and auditors see no operational content by role alone.
    expect((await dpo.get(`/api/notes/${id}`)).statusCode).toBe(404);
    await app.close();
  });

  it('records a refused or failed request and nothing else', async () => {
    const ctx = await setup();
    const { clock } = t();
    const app = await buildTestApp(ctx);
    const analyst = await buildUser(ctx, { agency: 'FR-DGSI' });
    const c = await loggedIn(app, analyst, clock);
    const countItems = async () => Number(((await rawSql(t(), 'select count(*)::int as n from items')) as { n: number }[])[0]!.n);
    const itemsBefore = await countItems();
    const head = (await ctx.store.audit.head())!.seq;
    const bad = await c.post('/api/notes', { envelope: buildEnvelope({ releaseTo: { countries: ['XX'], agencies: [] } }), body: { title: 't', text: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('unknown_country');
    expect(await countItems()).toBe(itemsBefore);
    const entries = await ctx.store.audit.page(head, 10);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'note.create', outcome: 'failed', details: { error: 'unknown_country' } });
    expect((await ctx.audit.verify()).ok).toBe(true);
    await app.close();
  });
});
