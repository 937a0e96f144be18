import { expect, it } from 'vitest';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildEnvelope, buildTestApp, buildUser, loggedIn, type TestClient } from '../support/factories.js';
import { buildAlertBody, buildEventBody, buildReportBody, buildSubjectBody, buildThreatLevelBody, subjectEnvelope } from '../support/records.js';

const WHY = 'Operation Noel: checking the Rabat lead';

interface KindCase {
  plural: string;
  envelope: () => object;
  body: (ctx: { subjectId: string }) => Record<string, unknown>;
  change: (body: Record<string, unknown>) => Record<string, unknown>;
  changedPath: string;
}

const KINDS: KindCase[] = [
  {
    plural: 'subjects',
    envelope: () => subjectEnvelope(),
    body: () => buildSubjectBody(),
    change: (b) => ({ ...b, datesOfBirth: ['1994-03-12'] }),
    changedPath: 'body.datesOfBirth[0]',
  },
  {
    plural: 'alerts',
    envelope: () => subjectEnvelope(),
    body: ({ subjectId }) => buildAlertBody(subjectId),
    change: (b) => ({ ...b, actionOnHit: 'Arrest and inform the originator at once' }),
    changedPath: 'body.actionOnHit',
  },
  {
    plural: 'reports',
    envelope: () => buildEnvelope({ grading: 'B2', handling: { code: 'H1' } }),
    body: () => buildReportBody(),
    change: (b) => ({ ...b, text: 'Travel expected on 20 December, not before.' }),
    changedPath: 'body.text',
  },
  {
    plural: 'events',
    envelope: () => buildEnvelope({ grading: null }),
    body: () => buildEventBody(),
    change: (b) => ({ ...b, threat: { scale: 'vigipirate', level: 'urgence-attentat' } }),
    changedPath: 'body.threat.level',
  },
  {
    plural: 'threat-levels',
    envelope: () => buildEnvelope({ grading: null, classification: 'unclassified', tlp: 'clear' }),
    body: () => buildThreatLevelBody(),
    change: (b) => ({ ...b, level: 'urgence-attentat', reason: 'Attack in Strasbourg' }),
    changedPath: 'body.level',
  },
];

describeOnStores('records: every kind lives, changes, is reviewed and stays within its audience', (t) => {
  let owner: TestClient;
  let ownerUserId: string;
  let be: TestClient;
  let es: TestClient;
  let subjectId: string;
  let frUser: Awaited<ReturnType<typeof buildUser>>;
  let app: Awaited<ReturnType<typeof buildTestApp>>;

  it('sets up the cell and a subject to hang alerts on', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    app = await buildTestApp(ctx);
    const fr = await buildUser(ctx, { agency: 'FR-DGSI', roles: ['analyst', 'liaison_officer'] });
    frUser = fr;
    ownerUserId = fr.actor.userId;
    owner = await loggedIn(app, fr, clock);
    be = await loggedIn(app, await buildUser(ctx, { agency: 'BE-VSSE', roles: ['analyst', 'liaison_officer'] }), clock);
    es = await loggedIn(app, await buildUser(ctx, { agency: 'ES-CGI', roles: ['analyst', 'liaison_officer'] }), clock);
    const s = await owner.post('/api/subjects', { envelope: subjectEnvelope(), body: buildSubjectBody() });
    expect(s.statusCode, s.body).toBe(201);
    subjectId = s.json().id;
  });

  for (const k of KINDS) {
    it(`${k.plural}: create, read, update with history, stale 409, release by owner only, search and counts`, async () => {
      const { ctx } = t();
      const body = k.body({ subjectId });
      const created = await owner.post(`/api/${k.plural}`, { envelope: k.envelope(), body });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id;
      expect(created.headers.etag).toBe('"1"');
      const read = await owner.get(`/api/${k.plural}/${id}`, WHY);
      expect(read.statusCode).toBe(200);
      expect(read.json().body).toMatchObject(body);

      const changed = await owner.patch(`/api/${k.plural}/${id}`, { body: k.change(read.json().body), reason: 'New information from the source' }, { 'if-match': '"1"' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().version).toBe(2);
      const stale = await owner.patch(`/api/${k.plural}/${id}`, { body: k.change(read.json().body), reason: 'Again' }, { 'if-match': '"1"' });
      expect(stale.statusCode).toBe(409);
      const noReason = await owner.patch(`/api/${k.plural}/${id}`, { body: read.json().body }, { 'if-match': '"2"' });
      expect(noReason.statusCode).toBe(400);
      const history = (await owner.get(`/api/${k.plural}/${id}/history`, WHY)).json();
      expect(history.currentVersion).toBe(2);
      expect(history.versions[0]).toMatchObject({ version: 2, reason: 'New information from the source', changedBy: ownerUserId });
      expect(history.versions[0].diff.map((d: { path: string }) => d.path)).toContain(k.changedPath);

      // Not released yet: Belgium neither sees it nor counts it.
      expect((await be.get(`/api/${k.plural}/${id}`, WHY)).statusCode).toBe(404);
      const beList = await be.get(`/api/${k.plural}?limit=200`, WHY);
      expect(beList.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
      expect(beList.json().total).toBe(0);
      // Only the owner releases.
      const grab = await be.post(`/api/${k.plural}/${id}/release`, { releaseTo: { countries: ['BE'], agencies: [] }, reason: 'want it' }, { 'if-match': '"2"' });
      expect(grab.statusCode).toBe(404);
      const release = await owner.post(`/api/${k.plural}/${id}/release`, { releaseTo: { countries: ['BE'], agencies: [] }, reason: 'Share with Belgium' }, { 'if-match': '"2"' });
      expect(release.statusCode, release.body).toBe(200);
      expect((await be.get(`/api/${k.plural}/${id}`, WHY)).statusCode).toBe(200);
      const recipientRelease = await be.post(`/api/${k.plural}/${id}/release`, { releaseTo: { countries: ['BE', 'ES'], agencies: [] }, reason: 'pass on' }, { 'if-match': '"3"' });
      expect(recipientRelease.statusCode).toBe(403);
      expect((await es.get(`/api/${k.plural}/${id}`, WHY)).statusCode).toBe(404);
      expect((await be.get(`/api/${k.plural}`, WHY)).json().total).toBe(1);
      expect((await es.get(`/api/${k.plural}`, WHY)).json().total).toBe(0);
      const unrelease = await owner.post(`/api/${k.plural}/${id}/release`, { releaseTo: { countries: [], agencies: [] }, reason: 'Withdrawn' }, { 'if-match': '"3"' });
      expect(unrelease.statusCode).toBe(200);
      expect((await be.get(`/api/${k.plural}/${id}`, WHY)).statusCode).toBe(404);

      // Every mutation and view is in the trail, views with their justification.
      const entries = await ctx.store.audit.query({ item: id, limit: 100 });
      const kindName = read.json().kind;
      const actions = entries.map((e) => `${e.action}:${e.outcome}`);
      for (const a of ['create', 'update', 'release', 'view', 'history']) expect(actions).toContain(`${kindName}.${a}:success`);
      const views = entries.filter((e) => e.action === `${kindName}.view` && e.outcome === 'success');
      expect(views.every((e) => e.justification === WHY)).toBe(true);
    });

    it(`${k.plural}: review keeps with a new date, archives, or erases (410 and a tombstone)`, async () => {
      const { ctx } = t();
      const make = async () => (await owner.post(`/api/${k.plural}`, { envelope: k.envelope(), body: k.body({ subjectId }) })).json().id as string;
      const kept = await make();
      const keepNoDate = await owner.post(`/api/${k.plural}/${kept}/review`, { decision: 'keep', reason: 'still relevant' }, { 'if-match': '"1"' });
      expect(keepNoDate.statusCode).toBe(400);
      const keep = await owner.post(`/api/${k.plural}/${kept}/review`, { decision: 'keep', reason: 'Investigation ongoing', reviewBy: '2027-09-01' }, { 'if-match': '"1"' });
      expect(keep.statusCode, keep.body).toBe(200);
      expect(keep.json().envelope.reviewBy).toBe('2027-09-01');

      const archived = await make();
      expect((await owner.post(`/api/${k.plural}/${archived}/review`, { decision: 'archive', reason: 'Case closed' }, { 'if-match': '"1"' })).statusCode).toBe(200);
      expect((await owner.get(`/api/${k.plural}?status=archived`, WHY)).json().items.map((i: { id: string }) => i.id)).toContain(archived);
      expect((await owner.get(`/api/${k.plural}`, WHY)).json().items.map((i: { id: string }) => i.id)).not.toContain(archived);

      const erased = await make();
      const byOther = await be.post(`/api/${k.plural}/${erased}/review`, { decision: 'erase', reason: 'mine now' }, { 'if-match': '"1"' });
      expect(byOther.statusCode).toBe(404);
      const erase = await owner.post(`/api/${k.plural}/${erased}/review`, { decision: 'erase', reason: 'No longer necessary (art. 5)' }, { 'if-match': '"1"' });
      expect(erase.statusCode, erase.body).toBe(200);
      const gone = await owner.get(`/api/${k.plural}/${erased}`, WHY);
      expect(gone.statusCode).toBe(410);
      expect(gone.json().error.code).toBe('erased');
      expect((await owner.get(`/api/${k.plural}/${erased}/history`, WHY)).statusCode).toBe(410);
      const stored = await ctx.store.items.find(erased);
      expect(stored!.body).toMatchObject({ erased: true, reason: 'No longer necessary (art. 5)' });
      expect(JSON.stringify(stored)).not.toMatch(/Haddad|Strasbourg|Discreet/);
      expect(JSON.stringify(await ctx.store.items.versions(erased))).not.toMatch(/Haddad|Strasbourg|Discreet/);
      const tomb = await ctx.store.audit.query({ item: erased, action: `${stored!.kind}.review.erase`, limit: 1 });
      expect(tomb[0]).toMatchObject({ outcome: 'success', details: { tombstone: true } });
    });
  }

  it('lets a recipient add a signed assessment to a released report without changing it', async () => {
    const id = (await owner.post('/api/reports', { envelope: buildEnvelope({ releaseTo: { countries: ['ES'], agencies: [] } }), body: buildReportBody() })).json().id;
    const added = await es.post(`/api/reports/${id}/annotations`, { text: 'Our source places him in Algeciras on 12 Dec.', statement: 'assessment' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ agency: 'ES-CGI', statement: 'assessment' });
    const view = (await owner.get(`/api/reports/${id}`)).json();
    expect(view.version).toBe(1);
    expect(view.annotations).toHaveLength(1);
    expect((await be.post(`/api/reports/${id}/annotations`, { text: 'x', statement: 'fact' })).statusCode).toBe(404);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const { ctx } = t();
    const before = await ctx.store.audit.head();
    const countBefore = (await owner.get('/api/subjects', WHY)).json().total;
    const bad: [string, object, string, RegExp][] = [
      ['subjects', { envelope: buildEnvelope(), body: buildSubjectBody() }, 'subject_category_required', /subjectCategory/],
      ['reports', { envelope: buildEnvelope({ grading: null }), body: buildReportBody() }, 'grading_required', /grading/],
      ['subjects', { envelope: subjectEnvelope({ releaseTo: { countries: ['QQ'], agencies: [] } }), body: buildSubjectBody() }, 'unknown_country', /QQ/],
      ['subjects', { envelope: subjectEnvelope({ releaseTo: { countries: ['PT'], agencies: [] } }), body: buildSubjectBody() }, 'unknown_country', /PT/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ datesOfBirth: ['1990-02-30'] }) }, 'validation_failed', /not a real date/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ nationalities: ['XY'] }) }, 'validation_failed', /unknown ISO 3166 country code: XY/],
      [
        'subjects',
        { envelope: subjectEnvelope(), body: buildSubjectBody({ names: Array.from({ length: 10_000 }, (_, i) => ({ full: `Name ${'x'.repeat(i % 5)}`, script: 'latin', kind: i ? 'alias' : 'primary' })) }) },
        'validation_failed',
        /names/,
      ],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'Youssef يوسف', script: 'latin', kind: 'primary' }] }) }, 'validation_failed', /one script/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'يوسف', script: 'latin', kind: 'primary' }] }) }, 'validation_failed', /arabic script/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: '<script>alert(1)</script>', script: 'latin', kind: 'primary' }] }) }, 'validation_failed', /letters/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'Only Alias', script: 'latin', kind: 'alias' }] }) }, 'validation_failed', /primary/],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ religion: 'any' }) }, 'validation_failed', /religion|Unrecognized/i],
      ['subjects', { envelope: subjectEnvelope(), body: buildSubjectBody({ links: [{ subjectId: 'nope', kind: 'associate', basis: 'phone contact' }] }) }, 'unknown_reference', /nope/],
      ['alerts', { envelope: subjectEnvelope(), body: buildAlertBody('missing-subject') }, 'unknown_reference', /missing-subject/],
      ['alerts', { envelope: subjectEnvelope(), body: buildAlertBody(subjectId, { alertKind: 'interpol-pink' }) }, 'validation_failed', /alertKind/],
      ['events', { envelope: buildEnvelope(), body: buildEventBody({ endsAt: '2026-12-01T00:00:00Z' }) }, 'validation_failed', /ends before/],
      ['threat-levels', { envelope: buildEnvelope(), body: buildThreatLevelBody({ scale: 'ocam', level: '4' }) }, 'validation_failed', /national scale/],
    ];
    for (const [plural, payload, code, message] of bad) {
      const r = await owner.post(`/api/${plural}`, payload);
      expect(r.statusCode, `${plural} ${code}: ${r.body.slice(0, 300)}`).toBe(r.statusCode === 413 ? 413 : 400);
      if (r.statusCode === 400) {
        expect(r.json().error.code).toBe(code);
        expect(r.body).toMatch(message);
      }
    }
    expect((await owner.get('/api/subjects', WHY)).json().total).toBe(countBefore);
    // Refusals are audited, nothing else is written.
    const after = await ctx.store.audit.page(before!.seq, 1000);
    expect(after.filter((e) => e.outcome === 'success' && e.action.endsWith('.create'))).toHaveLength(0);
  });

  it('keeps Arabic-script names byte for byte, and stores HTML in free text as text', async () => {
    const names = [
      { full: 'يوسف بن عمر الحداد', script: 'arabic', kind: 'primary' },
      { full: 'عبد الرحمن ولد الشيخ', script: 'arabic', kind: 'alias' },
      { full: 'Ṣāliḥ Muḥammad ʿAbd al-Qādir', script: 'latin', kind: 'transliteration' },
    ];
    const created = await owner.post('/api/subjects', {
      envelope: subjectEnvelope(),
      body: buildSubjectBody({ names, notes: [{ text: '<img src=x onerror=alert(1)> seen at the café', statement: 'fact' }] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = await owner.get(`/api/subjects/${created.json().id}`, WHY);
    const back = read.json().body;
    expect(back.names.map((n: { full: string }) => Buffer.from(n.full).toString('hex'))).toEqual(names.map((n) => Buffer.from(n.full).toString('hex')));
    expect(back.notes[0]).toMatchObject({ text: '<img src=x onerror=alert(1)> seen at the café', statement: 'fact', assessedBy: 'FR-DGSI' });
    expect(read.headers['content-type']).toMatch(/application\/json/);
    const found = await owner.get(`/api/subjects?text=${encodeURIComponent('الحداد')}`, WHY);
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(created.json().id);
  });
  it('lists overdue items to their owners and stops their disclosure until reviewed', async () => {
    const { ctx, clock } = t();
    const id = (await owner.post('/api/reports', { envelope: buildEnvelope({ releaseTo: { countries: ['BE'], agencies: [] } }), body: buildReportBody() })).json().id;
    clock.advance(400 * 86_400_000);
    owner = await loggedIn(app, frUser, clock); // the long wait ended the session
    const overdue = (await owner.get('/api/reviews?state=overdue')).json().items;
    expect(overdue.map((i: { id: string }) => i.id)).toContain(id);
    const release = await owner.post(`/api/reports/${id}/release`, { releaseTo: { countries: ['BE', 'ES'], agencies: [] }, reason: 'more' }, { 'if-match': '"1"' });
    expect(release.statusCode).toBe(403);
    expect(release.json().error.code).toBe('review_overdue');
    const keep = await owner.post(`/api/reports/${id}/review`, { decision: 'keep', reason: 'Still needed', reviewBy: new Date(clock.now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10) }, { 'if-match': '"1"' });
    expect(keep.statusCode).toBe(200);
    expect((await owner.post(`/api/reports/${id}/release`, { releaseTo: { countries: ['BE', 'ES'], agencies: [] }, reason: 'more' }, { 'if-match': '"2"' })).statusCode).toBe(200);
    void ctx;
  });

});
