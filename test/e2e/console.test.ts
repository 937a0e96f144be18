/// <reference lib="dom" />
// The console in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser).
// Screenshots of each main page go to test-results/screenshots/ (git-ignored).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { buildApp } from '../../src/http/app.js';
import { ensureConsoleBuilt } from '../../src/http/console.js';
import { alertKind, eventKind, subjectKind } from '../../src/domain/records.js';
import { totpCode } from '../../src/services/auth-service.js';
import { openTestContext, testDatabases, type TestContext } from '../support/db.js';
import { buildCell, buildUser, justified, type TestUser } from '../support/factories.js';
import { buildSubjectBody, subjectEnvelope } from '../support/records.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('test-results/screenshots');
const WHY = 'Operation Noel: checking the Rabat lead';

describe.skipIf(!fs.existsSync(CHROMIUM))('the console in Chromium', () => {
  let t: TestContext;
  let app: App;
  let browser: Browser;
  let base: string;
  const users: Record<string, TestUser> = {};

  beforeAll(async () => {
    await ensureConsoleBuilt();
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await openTestContext(testDatabases[0]!);
    t.clock.set(new Date()); // the browser counts down in real time
    await buildCell(t.ctx);
    users.ma = await buildUser(t.ctx, { agency: 'MA-DGST', roles: ['analyst'] });
    users.be = await buildUser(t.ctx, { agency: 'BE-VSSE', roles: ['duty_officer'] });
    users.fr = await buildUser(t.ctx, { agency: 'FR-DGSI', roles: ['duty_officer'] });
    users.auditor = await buildUser(t.ctx, { agency: 'BE-VSSE', roles: ['auditor'] });
    app = await buildApp(t.ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  /** Logs a user in through the form, with the TOTP code of this moment (each login takes the next step). */
  async function login(user: TestUser, lang = 'en'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: lang, timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text());
    });
    (page as unknown as { errors: string[] }).errors = errors;
    await page.goto(base);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', user.password);
    t.clock.advance(30_000);
    await page.fill('input[name=totp]', totpCode(user.totpSecret, t.clock.now()));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return { context, page };
  }

  /** Finds a person by name on the Persons page and opens their page. */
  async function openPerson(page: Page, name: string, justification: string): Promise<void> {
    await page.click('[data-testid=nav-persons]');
    await page.fill('input[name=justification]', justification);
    await page.fill('[data-testid=person-search] input[name=q]', name);
    await page.click('[data-testid=person-search] button[type=submit]');
    await page.click('[data-testid=results] li button');
  }

  it('logs in with password and TOTP, shows the live board, and refuses a wrong code', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    const csp = (await page.request.get(base)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(await page.content()).not.toMatch(/<script>(?!<\/script>)/); // no inline script in the page
    await page.fill('input[name=email]', users.ma!.email);
    await page.fill('input[name=password]', users.ma!.password);
    await page.fill('input[name=totp]', '000000');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBeTruthy();
    await context.close();

    const { page: board, context: c2 } = await login(users.ma!);
    await board.waitForSelector('[data-testid=live-state].on');
    expect(await board.textContent('[data-testid=who]')).toContain('MA-DGST');
    await board.screenshot({ path: path.join(SHOTS, 'board.png'), fullPage: true });
    // Hashed assets are cached for a year; the page itself is not.
    const asset = (await board.locator('script[src^="/assets/"]').getAttribute('src'))!;
    expect(asset).toMatch(/\/assets\/index-[\w-]+\.js/);
    expect((await board.request.get(base + asset)).headers()['cache-control']).toContain('max-age=31536000');
    expect((await board.request.get(base + '/')).headers()['cache-control']).toBe('no-cache');
    expect((board as unknown as { errors: string[] }).errors).toEqual([]);
    await c2.close();
  });

  it('records a person with an Arabic-script name and finds it by a Latin spelling; another agency’s unreleased person never shows', async () => {
    // Belgium holds a person it has not released.
    await t.ctx.items.create(users.be!.actor as never, subjectKind, { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'Youssef Ben Omar', script: 'latin', kind: 'primary' }] }) } as never, justified).catch(async () => {
      const analyst = await buildUser(t.ctx, { agency: 'BE-VSSE', roles: ['analyst'] });
      await t.ctx.items.create(analyst.actor, subjectKind, { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'Youssef Ben Omar', script: 'latin', kind: 'primary' }] }) }, justified);
    });
    const { page, context } = await login(users.ma!);
    await page.click('[data-testid=nav-persons]');
    await page.click('[data-testid=new-person]');
    const form = page.locator('[data-testid=person-form]');
    await form.locator('input[name=primary]').fill('يوسف بن عمر الحداد');
    await form.locator('input[name=other]').fill('Youssef Benomar El Haddad');
    await form.locator('input[name=dob]').fill('1994');
    await form.locator('input[name=nationality]').fill('MA');
    await form.locator('input[name=releaseTo]').fill('FR,ES,BE');
    await form.locator('input[name=legalBasis]').fill('Joint cell agreement, art. 3');
    await form.locator('input[name=purpose]').fill('Holiday season threat prevention');
    await page.fill('input[name=justification]', WHY);
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=person-page]');
    expect(await page.textContent('[data-testid=person-page]')).toContain('يوسف بن عمر الحداد');
    // A validation error is shown clearly.
    await page.click('[data-testid=new-person]');
    await page.locator('[data-testid=person-form] input[name=primary]').fill('Yassine <b>Tahiri</b>');
    await page.locator('[data-testid=person-form] input[name=legalBasis]').fill('Joint cell agreement');
    await page.locator('[data-testid=person-form] input[name=purpose]').fill('Holiday season');
    await page.locator('[data-testid=person-form] button[type=submit]').click();
    await expect.poll(() => page.locator('[data-testid=person-form] [role=alert]').textContent()).toContain('letters');

    await page.fill('[data-testid=person-search] input[name=q]', 'Yusuf bin Umar al-Haddad');
    await page.click('[data-testid=person-search] button[type=submit]');
    await page.waitForSelector('[data-testid=results] li');
    const results = await page.textContent('[data-testid=results]');
    expect(results).toContain('يوسف بن عمر الحداد');
    expect(results).not.toContain('Youssef Ben Omar');
    await page.screenshot({ path: path.join(SHOTS, 'persons.png'), fullPage: true });
    await context.close();
  });

  it('sends an urgent request that appears live, counting down, on the recipient’s board; the acknowledgement reaches the sender live', async () => {
    const sender = await login(users.ma!);
    const recipient = await login(users.be!);
    await recipient.page.waitForSelector('[data-testid=live-state].on');
    const before = await recipient.page.locator('[data-testid=open-request]').count();

    await sender.page.click('[data-testid=nav-messages]');
    const compose = sender.page.locator('[data-testid=compose]');
    await compose.locator('input[name=to]').fill('BE-VSSE');
    await compose.locator('input[name=subject]').fill('Youssef BEN OMAR <img src=x onerror=alert(1)>');
    await compose.locator('textarea[name=text]').fill('Do you hold anything on this person? Born 1994.');
    await compose.locator('select[name=priority]').selectOption('urgent');
    await compose.locator('button[type=submit]').click();
    await sender.page.waitForSelector('[data-testid=sent-message]');

    // Live on the recipient's board, without reloading, with a countdown that moves.
    await expect.poll(() => recipient.page.locator('[data-testid=open-request]').count(), { timeout: 15_000 }).toBe(before + 1);
    const row = recipient.page.locator('[data-testid=open-request]', { hasText: 'Youssef BEN OMAR' });
    expect(await row.textContent()).toContain('<img src=x onerror=alert(1)>'); // shown as text
    const first = await row.locator('[data-testid=countdown]').textContent();
    expect(first).toMatch(/^due in (1h )?\d{2}m \d{2}s$/);
    await expect.poll(() => row.locator('[data-testid=countdown]').textContent(), { timeout: 5000 }).not.toBe(first);
    await recipient.page.screenshot({ path: path.join(SHOTS, 'board-urgent-request.png'), fullPage: true });

    await recipient.page.click('[data-testid=nav-messages]');
    const received = recipient.page.locator('[data-testid=received-message]', { hasText: 'Youssef BEN OMAR' });
    await received.locator('[data-testid=acknowledge]').click();
    await expect.poll(() => received.textContent()).toContain('acknowledged');
    // The sender's view changes by itself.
    const sent = sender.page.locator('[data-testid=sent-message]', { hasText: 'Youssef BEN OMAR' });
    await expect.poll(() => sent.locator('[data-testid=recipient-status]').textContent(), { timeout: 15_000 }).toContain('acknowledged');
    // The answer comes back in the request's thread.
    await received.locator('input[aria-label=Answer]').fill('We hold a Youssef BEN OMAR, born 1994: releasing it to you');
    await received.locator('button', { hasText: 'Answer' }).click();
    await expect.poll(() => sent.locator('[data-testid=thread]').textContent(), { timeout: 15_000 }).toContain('releasing it to you');
    // A second, mistaken message is recalled: its recipient's copy says so.
    await compose.locator('input[name=subject]').fill('Wrong file attached');
    await compose.locator('textarea[name=text]').fill('Please ignore: sent to the wrong service.');
    await compose.locator('select[name=priority]').selectOption('routine');
    await compose.locator('button[type=submit]').click();
    const wrong = sender.page.locator('[data-testid=sent-message]', { hasText: 'Wrong file attached' });
    await wrong.locator('[data-testid=recall] input').fill('Sent to the wrong service');
    await wrong.locator('[data-testid=recall] button').click();
    await expect.poll(() => wrong.locator('[data-testid=recipient-status]').textContent()).toContain('recalled');
    await sender.page.screenshot({ path: path.join(SHOTS, 'messages.png'), fullPage: true });
    const dialogs: string[] = [];
    sender.page.on('dialog', (d) => dialogs.push(d.message()));
    expect(dialogs).toEqual([]);
    await sender.context.close();
    await recipient.context.close();
  });

  it('uploads a small list, shows progress, and puts the hit before a human who confirms it with a reason', async () => {
    const ma = await buildUser(t.ctx, { agency: 'MA-DGST', roles: ['analyst'] });
    const subject = (await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'يوسف بن عمر الحداد')!;
    await t.ctx.items.create(ma.actor, alertKind, { envelope: subjectEnvelope({ releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] } }), body: { subjectId: subject.id, alertKind: 'national-discreet-check', actionOnHit: 'Discreet check: report companions, do not alert', validFrom: '2026-01-01' } }, justified);
    const csv = path.join(SHOTS, '..', 'manifest.csv');
    fs.writeFileSync(csv, 'Passenger,Born,Nationality\nHADDAD YOUSSEF BEN OMAR,12/03/1994,MA\nClaire Dupont,1980,FR\n');
    const { page, context } = await login(users.fr!);
    await page.click('[data-testid=nav-screening]');
    await page.fill('[data-testid=screen-upload] input[name=justification]', 'Morning manifest AT780 Rabat-Paris');
    await page.setInputFiles('[data-testid=screen-file]', csv);
    await expect.poll(() => page.locator('[data-testid=map-name]').inputValue()).toBe('Passenger');
    await page.click('[data-testid=screen-upload] button[type=submit]');
    await page.waitForSelector('[data-testid=screen-progress]');
    await expect.poll(() => page.locator('[data-testid=screen-progress] h2').textContent(), { timeout: 20_000 }).toContain('done');
    const hit = page.locator('[data-testid=hit]', { hasText: 'HADDAD YOUSSEF BEN OMAR' });
    await hit.waitFor({ timeout: 20_000 });
    expect(await hit.textContent()).toContain('يوسف بن عمر الحداد');
    await page.screenshot({ path: path.join(SHOTS, 'screening.png'), fullPage: true });
    await hit.locator('[data-testid=hit-reason]').fill('Same person: passport photo and date of birth agree');
    await hit.locator('[data-testid=hit-confirm]').click();
    await expect.poll(() => page.locator('[data-testid=decision-result]').textContent()).toContain('Discreet check: report companions, do not alert');
    const decided = await t.ctx.store.screening.hits((await t.ctx.store.items.all(null, 'screening-list', 'FR-DGSI')).map((l) => l.id), { limit: 10 });
    expect(decided.find((h) => h.decision === 'confirmed')?.decidedBy).toBe(users.fr!.actor.userId);
    await context.close();
  });

  it('carries the night: release to Spain, an assessment signed by Spain, the linked-persons graph, a threat level live on another board, a handover acknowledged', async () => {
    const subject = (await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'يوسف بن عمر الحداد')!;
    const companion = await t.ctx.items.create(users.ma!.actor, subjectKind, { envelope: subjectEnvelope({ releaseTo: { countries: ['ES'], agencies: [] } }), body: buildSubjectBody({ names: [{ full: 'Karim Tazi', script: 'latin', kind: 'primary' }] }) }, justified);
    const hidden = await t.ctx.items.create(users.ma!.actor, subjectKind, { envelope: subjectEnvelope(), body: buildSubjectBody({ names: [{ full: 'Nadia Berrada', script: 'latin', kind: 'primary' }] }) }, justified);
    const current = (await t.ctx.store.items.find(subject.id))!;
    await t.ctx.items.update(users.ma!.actor, subjectKind, subject.id, { body: { ...current.body, links: [{ subjectId: companion.id, kind: 'travel-companion', basis: 'Same flight AT780' }, { subjectId: hidden.id, kind: 'family', basis: 'Sister' }] }, reason: 'companions identified' }, current.version, justified);

    // Morocco's analyst releases the person to Spain (it was released to FR, ES, BE already: narrow it to ES).
    const ma = await login(users.ma!);
    await openPerson(ma.page, 'Youssef Benomar El Haddad', WHY);
    await ma.page.waitForSelector('[data-testid=release]');
    await ma.page.fill('[data-testid=release] input[name=countries]', 'ES,FR');
    await ma.page.fill('[data-testid=release] input[name=reason]', 'Spain and France need it for the market screening');
    await ma.page.click('[data-testid=release] button[type=submit]');
    await expect.poll(async () => (await t.ctx.store.items.find(subject.id))!.envelope.releaseTo.countries.sort().join(',')).toBe('ES,FR');

    // Spain's liaison officer sees the graph (the unreleased sister not named) and adds an assessment.
    const es = await buildUser(t.ctx, { agency: 'ES-CGI', roles: ['liaison_officer'] });
    const spain = await login(es);
    await openPerson(spain.page, 'Yusuf bin Umar al-Haddad', 'Market screening: checking the Rabat lead');
    await spain.page.waitForSelector('[data-testid=link-graph] canvas');
    const page = await spain.page.textContent('[data-testid=person-page]');
    expect(page).toContain('Karim Tazi');
    expect(page).not.toContain('Nadia Berrada');
    expect(page).toContain('not visible to you');
    await spain.page.fill('[data-testid=annotate] input', 'Seen in Algeciras port on 12 December');
    await spain.page.click('[data-testid=annotate] button[type=submit]');
    await expect.poll(() => spain.page.textContent('[data-testid=annotations]')).toContain('ES-CGI');
    await spain.page.screenshot({ path: path.join(SHOTS, 'person-graph.png'), fullPage: true });
    expect((spain.page as unknown as { errors: string[] }).errors).toEqual([]);

    // France raises its threat level: Spain's board shows it without a reload.
    const france = await login(await buildUser(t.ctx, { agency: 'FR-DGSI', roles: ['supervisor', 'duty_officer'] }));
    await spain.page.click('[data-testid=nav-board]');
    await spain.page.waitForSelector('[data-testid=live-state].on');
    await france.page.selectOption('[data-testid=threat-form] select[name=level]', 'urgence-attentat');
    await france.page.fill('[data-testid=threat-form] input[name=reason]', 'Christmas markets');
    await france.page.click('[data-testid=threat-form] button[type=submit]');
    await expect.poll(() => spain.page.textContent('.board'), { timeout: 15_000 }).toContain('urgence-attentat');

    // Shift change in Brussels: the night officer's handover is acknowledged by the day officer.
    const night = await login(users.be!);
    await night.page.selectOption('[data-testid=log-form] select', 'handover');
    await night.page.fill('[data-testid=log-form] input', 'Urgent request from MA-DGST acknowledged; watch the Haddad file');
    await night.page.click('[data-testid=log-form] button[type=submit]');
    const day = await login(await buildUser(t.ctx, { agency: 'BE-VSSE', roles: ['duty_officer'] }));
    await day.page.click('[data-testid=ack-handover]');
    await expect.poll(() => day.page.locator('[data-testid=ack-handover]').count()).toBe(0);
    await day.page.screenshot({ path: path.join(SHOTS, 'board-handover.png'), fullPage: true });
    for (const c of [ma, spain, france, night, day]) await c.context.close();
  });

  it('enrols a new user with the QR code; an administrator creates users; the owner completes a record with a reason', async () => {
    const admin = await buildUser(t.ctx, { agency: 'MA-DGST', roles: ['admin'] });
    const a = await login(admin);
    await a.page.click('[data-testid=nav-admin]');
    const form = a.page.locator('[data-testid=new-user]');
    const email = `night.officer.${Date.now()}@ma-dgst.atalaya.test`;
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=displayName]').fill('Salma Night');
    await form.locator('input[name=password]').fill('correct horse battery staple');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.textContent()).toContain('created');
    const agency = a.page.locator('[data-testid=new-agency]');
    await agency.locator('input[name=code]').fill('MA-DGSN');
    await agency.locator('input[name=country]').fill('MA');
    await agency.locator('input[name=name]').fill('Morocco national police');
    await agency.locator('button[type=submit]').click();
    await expect.poll(() => agency.textContent()).toContain('MA-DGSN: created');
    expect(await t.ctx.store.identities.findAgency('MA-DGSN')).toBeTruthy();
    const row = a.page.locator('tr', { hasText: email });
    await row.locator('[data-testid=edit-access]').click();
    await row.locator('label', { hasText: 'supervisor' }).locator('input').check();
    await row.locator('button[type=submit]').click();
    await expect.poll(async () => (await t.ctx.store.identities.findUserByEmail(email))!.roles).toEqual(['duty_officer', 'supervisor']);
    await a.page.screenshot({ path: path.join(SHOTS, 'admin.png'), fullPage: true });
    await a.context.close();

    // First login: no TOTP yet, so the console shows the QR code and the secret; the first code enrols.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'correct horse battery staple');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=enrol-qr]');
    expect(await page.getAttribute('[data-testid=enrol-qr]', 'src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.textContent('.enrol code'))!.trim();
    await page.screenshot({ path: path.join(SHOTS, 'enrolment.png') });
    await page.fill('input[name=totp]', totpCode(secret, t.clock.now()));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    expect(await page.textContent('[data-testid=who]')).toContain('Salma Night');
    await context.close();

    // The owner adds a spelling and a passport to her record, with a reason; the history says so.
    const ma = await login(users.ma!);
    await openPerson(ma.page, 'Youssef Benomar El Haddad', WHY);
    const edit = ma.page.locator('[data-testid=edit-person]');
    await edit.locator('input[name=alias]').fill('Yusuf bin Umar al-Haddad');
    await edit.locator('input[name=document]').fill('MA-AB123456');
    await edit.locator('input[name=reason]').fill('Spelling from the English document; passport copy');
    await edit.locator('button[type=submit]').click();
    await expect.poll(() => ma.page.textContent('[data-testid=person-page]')).toContain('Spelling from the English document');
    expect(await ma.page.textContent('[data-testid=person-page]')).toContain('MA-AB123456');
    await ma.context.close();
  });

  it('carries the reports and events of the night: a graded report attached, annotated by Spain, corrected by its author; an event’s threat raised; the DPO reads who viewed the person', async () => {
    const subject = (await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'يوسف بن عمر الحداد')!;
    const fr = await buildUser(t.ctx, { agency: 'FR-DGSI', roles: ['analyst'] });
    await t.ctx.items.create(fr.actor, eventKind, { envelope: { releaseTo: { countries: ['MA', 'ES', 'BE'], agencies: [] }, classification: 'unclassified', handling: { code: 'H0' }, tlp: 'green', grading: null, legalBasis: 'Joint cell agreement', purpose: 'Shared threat picture' }, body: { name: 'Christmas market, Strasbourg', place: { name: 'Place Kléber', city: 'Strasbourg', country: 'FR' }, startsAt: '2026-12-14T10:00:00+01:00', endsAt: '2026-12-24T20:00:00+01:00', threat: { scale: 'vigipirate', level: 'vigilance' } } }, justified);

    // Morocco attaches a graded report to the person, released to Spain and France.
    const ma = await login(users.ma!);
    await openPerson(ma.page, 'Youssef Benomar El Haddad', WHY);
    const form = ma.page.locator('[data-testid=person-page] [data-testid=report-form]');
    await form.locator('input[name=title]').fill('Intercepted conversation <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>');
    await form.locator('textarea[name=text]').fill('Suggests travel to Europe "before the markets close".');
    await form.locator('input[name=releaseTo]').fill('ES,FR,BE');
    await form.locator('input[name=legalBasis]').fill('Joint cell agreement, art. 3');
    await form.locator('input[name=purpose]').fill('Holiday season threat prevention');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => ma.page.textContent('[data-testid=person-reports]')).toContain('Intercepted conversation');
    // Markup in a title is text: shown as written, never run.
    expect(await ma.page.textContent('[data-testid=person-reports]')).toContain('<script>window.__xss=2</script>');
    expect(await ma.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Spain's liaison officer reads it and adds an assessment signed by her service.
    const es = await login(await buildUser(t.ctx, { agency: 'ES-CGI', roles: ['liaison_officer'] }));
    await es.page.click('[data-testid=nav-records]');
    await es.page.fill('input[name=justification]', 'Market screening: reading the Rabat report');
    await es.page.locator('[data-testid=reports] button', { hasText: 'Intercepted conversation' }).click();
    await es.page.fill('[data-testid=annotate-report] input', 'Consistent with port sightings in Algeciras');
    await es.page.click('[data-testid=annotate-report] button[type=submit]');
    await expect.poll(() => es.page.textContent('[data-testid=report-annotations]')).toContain('ES-CGI');

    // 09:15: Morocco corrects the date; everyone who received the report is told.
    await ma.page.click('[data-testid=nav-records]');
    await ma.page.locator('[data-testid=reports] button', { hasText: 'Intercepted conversation' }).click();
    await ma.page.fill('[data-testid=correct-report] textarea[name=text]', 'Suggests travel to Europe on 20 December, not before.');
    await ma.page.fill('[data-testid=correct-report] input[name=reason]', 'The date was misheard: corrected from the second recording');
    await ma.page.click('[data-testid=correct-report] button[type=submit]');
    await expect.poll(() => ma.page.textContent('[data-testid=report-page]')).toContain('v2');
    const report = (await t.ctx.store.items.all(null, 'report', 'MA-DGST')).find((r) => r.title.startsWith('Intercepted conversation'))!;
    expect(report.version).toBe(2);
    await ma.page.screenshot({ path: path.join(SHOTS, 'reports.png'), fullPage: true });

    // France raises the market's threat level; the event shows it.
    const france = await login(fr);
    await france.page.click('[data-testid=nav-records]');
    await france.page.fill('input[name=justification]', 'Updating the threat picture for the markets');
    const ev = france.page.locator('[data-testid=event]', { hasText: 'Christmas market' });
    await ev.locator('[data-testid=event-level]').selectOption('urgence-attentat');
    await ev.locator('[data-testid=event-reason]').fill('Credible threat against Christmas markets');
    await ev.locator('button[type=submit]').click();
    await expect.poll(() => ev.textContent()).toContain('urgence-attentat');
    // Every board that may see the event shows its rating; Spain's notices tell of the corrected report.
    await es.page.click('[data-testid=nav-board]');
    await expect.poll(() => es.page.textContent('[data-testid=board-events]'), { timeout: 15_000 }).toContain('urgence-attentat');
    await expect.poll(() => es.page.textContent('[data-testid=notices]'), { timeout: 15_000 }).toContain('item-corrected');

    // The data-protection officer reads who consulted the person, with what justification.
    const dpo = await login(await buildUser(t.ctx, { agency: 'MA-DGST', roles: ['auditor'] }));
    await dpo.page.click('[data-testid=nav-audit]');
    await dpo.page.fill('[data-testid=audit-item]', subject.id);
    await expect.poll(() => dpo.page.textContent('.audit table'), { timeout: 10_000 }).toContain(WHY);
    await dpo.page.screenshot({ path: path.join(SHOTS, 'audit-person.png'), fullPage: true });
    for (const c of [ma, es, france, dpo]) await c.context.close();
  });

  it('opens an unreleased record only by a justified, notified break-glass; the owner edits the envelope and removes a spelling', async () => {
    const hidden = (await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'Nadia Berrada')!;
    const be = await login(await buildUser(t.ctx, { agency: 'BE-VSSE', roles: ['analyst'] }));
    await be.page.goto(`${base}/#persons:${hidden.id}`);
    await be.page.fill('input[name=justification]', 'Imminent threat at the Brussels market: checking the sister');
    await be.page.waitForSelector('[data-testid=break-glass]');
    await be.page.click('[data-testid=break-glass]');
    await be.page.waitForSelector('[data-testid=break-glass-notice]');
    expect(await be.page.textContent('[data-testid=person-page]')).toContain('Nadia Berrada');
    const flagged = await t.ctx.store.audit.query({ item: hidden.id, flagged: true, limit: 10 });
    expect(flagged.length).toBeGreaterThan(0);
    await be.context.close();

    const ma = await login(users.ma!);
    await ma.page.goto(`${base}/#persons:${(await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'يوسف بن عمر الحداد')!.id}`);
    await ma.page.fill('input[name=justification]', WHY);
    const edit = ma.page.locator('[data-testid=edit-person]');
    await edit.waitFor();
    await edit.locator('label', { hasText: 'Yusuf bin Umar al-Haddad' }).locator('input').check();
    await edit.locator('select[name=editTlp]').selectOption('red');
    await edit.locator('input[name=reason]').fill('English spelling was a misreading; owner raises TLP');
    await edit.locator('button[type=submit]').click();
    await expect.poll(() => ma.page.textContent('[data-testid=person-page]')).toContain('TLP:RED');
    const after = (await t.ctx.store.items.all(null, 'subject', 'MA-DGST')).find((s) => s.title === 'يوسف بن عمر الحداد')!;
    expect((after.body as { names: { full: string }[] }).names.map((n) => n.full)).not.toContain('Yusuf bin Umar al-Haddad');
    expect(after.envelope.tlp).toBe('red');
    await ma.context.close();
  });

  it('lays Arabic out right to left, and shows times in the user’s zone, named', async () => {
    const { page, context } = await login(users.ma!);
    await page.selectOption('[data-testid=lang]', 'ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    expect(await page.textContent('[data-testid=nav-board]')).toBe('اللوحة');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('header.top')!).direction)).toBe('rtl');
    expect(await page.textContent('header.top')).toContain('Africa/Casablanca');
    await page.screenshot({ path: path.join(SHOTS, 'board-arabic.png'), fullPage: true });
    for (const [lang, word] of [['fr', 'Tableau'], ['es', 'Panel'], ['nl', 'Bord'], ['en', 'Board']] as const) {
      await page.selectOption('[data-testid=lang]', lang);
      await expect.poll(() => page.textContent('[data-testid=nav-board]')).toBe(word);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    }
    await context.close();
  });

  it('shows the audit trail and its verification to an auditor only', async () => {
    const { page, context } = await login(users.auditor!);
    expect(await page.locator('[data-testid=nav-persons]').count()).toBe(0);
    await page.click('[data-testid=nav-audit]');
    await expect.poll(() => page.textContent('[data-testid=chain-status]'), { timeout: 10_000 }).toContain('"ok":true');
    await page.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });
    await context.close();
  });

  it('sends a user whose session ended back to the login, saying so', async () => {
    const { page, context } = await login(users.fr!);
    t.clock.advance(60 * 60_000); // past the idle limit
    await page.reload(); // the console's next call to the API finds the session ended
    await page.waitForSelector('[data-testid=login-form]');
    expect(await page.textContent('[data-testid=login-form]')).toContain('Your session has ended');
    await context.close();
  });
});
