import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeOnStores } from '../support/db.js';
import { buildCell, buildTestApp, buildUser, loggedIn, type TestClient } from '../support/factories.js';
import { buildAlertBody, buildSubjectBody, subjectEnvelope } from '../support/records.js';

const WHY = 'Morning manifest AT780 Rabat-Paris, 14 Dec';
const MAPPING = encodeURIComponent(JSON.stringify({ name: 'Passenger', dob: 'Born', nationality: 'Nationality', document: 'Passport' }));

function manifest(rows: string[]): string {
  return ['Passenger,Born,Nationality,Passport,Seat', ...rows].join('\n');
}

async function upload(c: TestClient, csv: string | Readable, justification: string | null = WHY, name = 'AT780 manifest') {
  return c.inject({
    method: 'POST',
    url: `/api/screenings?name=${encodeURIComponent(name)}&context=passenger-manifest&mapping=${MAPPING}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv as never,
    ...(justification ? { justification } : {}),
  });
}

describeOnStores('screening a list through the API', (t) => {
  let ma: TestClient;
  let fr: TestClient;
  let be: TestClient;
  let youssef: string;
  let beSubject: string;

  it('sets up Morocco’s released suspect with a discreet-check alert and Belgium’s unreleased record', async () => {
    const { ctx, clock } = t();
    await buildCell(ctx);
    const app = await buildTestApp(ctx);
    ma = await loggedIn(app, await buildUser(ctx, { agency: 'MA-DGST', roles: ['analyst'] }), clock);
    fr = await loggedIn(app, await buildUser(ctx, { agency: 'FR-DGSI', roles: ['duty_officer', 'analyst'] }), clock);
    be = await loggedIn(app, await buildUser(ctx, { agency: 'BE-VSSE', roles: ['analyst', 'liaison_officer'] }), clock);
    const s = await ma.post('/api/subjects', { envelope: subjectEnvelope({ releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] } }), body: buildSubjectBody() });
    expect(s.statusCode, s.body).toBe(201);
    youssef = s.json().id;
    const a = await ma.post('/api/alerts', { envelope: subjectEnvelope({ releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] } }), body: buildAlertBody(youssef) });
    expect(a.statusCode, a.body).toBe(201);
    const b = await be.post('/api/subjects', {
      envelope: subjectEnvelope({ releaseTo: { countries: [], agencies: [] } }),
      body: { names: [{ full: 'Youssef BEN OMAR', script: 'latin', kind: 'primary' }], datesOfBirth: ['1994'], nationalities: ['MA'] },
    });
    beSubject = b.json().id;
  });

  it('refuses a screening without a justification, and creates nothing', async () => {
    const { ctx } = t();
    const before = (await ctx.store.items.all(null, 'screening-list')).length;
    const r = await upload(fr, manifest(['HADDAD YOUSSEF BEN OMAR,12/03/1994,MA,MA-AB123465,12A']), null);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('justification_required');
    expect((await ctx.store.items.all(null, 'screening-list')).length).toBe(before);
  });

  it('screens what the agency may see, explains the hit, reports malformed rows by line, and audits it all', async () => {
    const { ctx } = t();
    const csv = manifest([
      'HADDAD YOUSSEF BEN OMAR,12/03/1994,MA,MA-AB123465,12A',
      'Claire Dupont,1980-02-02,FR,FR-X1,12B',
      'Too,many,columns,1990,FR,13C,extra',
      'Jean Martin,1975-06-30,FR,FR-X2,14A',
      ',1975,FR,,14B',
    ]);
    const r = await upload(fr, csv);
    expect(r.statusCode, r.body).toBe(202);
    const listId = r.json().listId;
    await ctx.screening.whenDone(listId);
    const status = (await fr.get(`/api/screenings/${listId}`)).json();
    expect(status).toMatchObject({ status: 'done', rowsTotal: 3, rowsDone: 3, percent: 100 });
    expect(status.rowsRejected, JSON.stringify(status)).toBe(2);
    expect(status.hits, JSON.stringify(status)).toBeGreaterThan(0);
    expect(status.rejected.map((x: { line: number }) => x.line).sort()).toEqual([4, 6]);

    const hits = (await fr.get(`/api/screening-hits?list=${listId}&decision=pending`, WHY)).json().hits;
    expect(hits.map((h: { subject: { id: string } }) => h.subject.id)).toEqual([youssef]); // never Belgium's unreleased record
    const [hit] = hits;
    expect(hit.band).toBe('strong');
    expect(hit.row.query.name).toBe('HADDAD YOUSSEF BEN OMAR');
    expect(hit.explanation.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['dob', 'nationality', 'document']));
    expect(hit.alerts[0]).toMatchObject({ actionOnHit: 'Discreet check: report companions, do not alert', originator: 'MA-DGST' });

    const live = (await ctx.store.exchange.eventsAfter(0, 100_000)).filter((e) => e.itemId === listId);
    expect(live.map((e) => e.kind)).toEqual(expect.arrayContaining(['screening.progress', 'screening.hits']));
    expect(live.every((e) => e.agencies.length === 1 && e.agencies[0] === 'FR-DGSI')).toBe(true);
    const entries = await ctx.store.audit.query({ item: listId, limit: 20 });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['screening-list.create', 'screening.upload', 'screening.run']));
    expect(entries.find((e) => e.action === 'screening.upload')!.justification).toBe(WHY);
    expect(entries.find((e) => e.action === 'screening.run')!.items).toContain(youssef);
    expect(entries.find((e) => e.action === 'screening.run')!.items).not.toContain(beSubject);
  });

  it('puts the decision before a named person: confirm tells the originator the action on hit; twice is refused', async () => {
    const { ctx } = t();
    const [hit] = (await fr.get('/api/screening-hits?decision=pending', WHY)).json().hits;
    const noReason = await fr.post(`/api/screening-hits/${encodeURIComponent(hit.id)}/decision`, { decision: 'confirmed' });
    expect(noReason.statusCode).toBe(400);
    const confirm = await fr.post(`/api/screening-hits/${encodeURIComponent(hit.id)}/decision`, { decision: 'confirmed', reason: 'Passport one character off, same birth year, photo matches' });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json().actionsOnHit[0]).toMatchObject({ actionOnHit: 'Discreet check: report companions, do not alert', originator: 'MA-DGST' });
    const again = await fr.post(`/api/screening-hits/${encodeURIComponent(hit.id)}/decision`, { decision: 'dismissed', reason: 'changed my mind' });
    expect(again.statusCode).toBe(409);
    const told = (await ma.get('/api/notifications')).json().notifications;
    expect(told[0]).toMatchObject({ kind: 'screening-hit-confirmed', payload: { subjectId: youssef, agency: 'FR-DGSI' } });
    // Another agency cannot decide on France's hits.
    const other = await be.post(`/api/screening-hits/${encodeURIComponent(hit.id)}/decision`, { decision: 'dismissed', reason: 'not mine' });
    expect(other.statusCode).toBe(404);
    const [entry] = await ctx.store.audit.query({ action: 'screening.hit.confirmed', limit: 1 });
    expect(entry).toMatchObject({ outcome: 'success', recipients: ['MA-DGST'] });
  });

  it('stays current: a record released to France after the first run is screened the next time', async () => {
    const { ctx } = t();
    const rel = await be.post(`/api/subjects/${beSubject}/release`, { releaseTo: { countries: ['FR'], agencies: [] }, reason: 'Share with France after the request' }, { 'if-match': '"1"' });
    expect(rel.statusCode, rel.body).toBe(200);
    const r = await upload(fr, manifest(['BEN OMAR YOUSSEF,1994,MA,,1A']), WHY, 'second run');
    await ctx.screening.whenDone(r.json().listId);
    const hits = (await fr.get(`/api/screening-hits?list=${r.json().listId}`, WHY)).json().hits;
    expect(hits.map((h: { subject: { id: string } }) => h.subject.id)).toEqual(expect.arrayContaining([beSubject, youssef]));
  });

  it('finds persons by name in any script through the records API, with the same engine', async () => {
    const arabic = (await fr.get(`/api/subjects/search?name=${encodeURIComponent('يوسف بن عمر الحداد')}`, WHY)).json().results;
    expect(arabic[0].item.id).toBe(youssef);
    const latin = (await fr.get(`/api/subjects/search?name=${encodeURIComponent('Yusuf Benomar Haddad')}`, WHY)).json().results;
    expect(latin[0].item.id).toBe(youssef);
    expect(latin[0].explanation.summary).toMatch(/match on/);
    expect((await fr.get(`/api/subjects/search?name=Youssef`)).statusCode).toBe(403);
  });
});

describeOnStores(
  'screening a 100,000-row list',
  (t) => {
    it('streams it without holding the file in memory, and screens every row', async () => {
      const { ctx, clock } = t();
      await buildCell(ctx);
      const app = await buildTestApp(ctx);
      const fr = await loggedIn(app, await buildUser(ctx, { agency: 'FR-DGSI', roles: ['duty_officer'] }), clock);
      const ROWS = 100_000;
      let i = 0;
      const source = new Readable({
        read() {
          if (i === 0) this.push('Passenger,Born,Nationality,Passport,Seat\n');
          let chunk = '';
          for (let k = 0; k < 2000 && i < ROWS; k++, i++) chunk += `Traveller ${i} Number${i % 977},1980-01-01,FR,P${i},${i}\n`;
          this.push(chunk || null);
          if (i >= ROWS) this.push(null);
        },
      });
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
      const r = await upload(fr, source, WHY, 'large list');
      expect(r.statusCode, r.body).toBe(202);
      await ctx.screening.whenDone(r.json().listId);
      clearInterval(probe);
      const status = (await fr.get(`/api/screenings/${r.json().listId}`)).json();
      expect(status).toMatchObject({ status: 'done', rowsTotal: ROWS, rowsDone: ROWS, rowsRejected: 0 });
      // The file is ~5 MB as text and several times that as objects; the upload never held it whole.
      expect(peak - heapBefore).toBeLessThan(200 * 1024 * 1024);
    }, 300_000);
  },
  {},
);
