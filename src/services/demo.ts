// The demo cell: Morocco, France, Spain and Belgium, two agencies each, users of every role, synthetic data only.
// Its logins are written to <data dir>/demo-credentials.json so that a tester can log in; real deployments
// never run this.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';
import type { Classification } from '../domain/envelope.js';
import type { Actor, Agency, Country, Role } from '../domain/identity.js';
import { noteKind } from '../domain/kinds.js';
import { alertKind, eventKind, reportKind, subjectKind, threatLevelKind } from '../domain/records.js';
import { CLI_META, type RequestMeta } from './audit-service.js';
import { actorOf, newTotpSecret } from './auth-service.js';

export const DEMO_COUNTRIES: Country[] = [
  { code: 'MA', name: 'Morocco', timeZone: 'Africa/Casablanca' },
  { code: 'FR', name: 'France', timeZone: 'Europe/Paris' },
  { code: 'ES', name: 'Spain', timeZone: 'Europe/Madrid' },
  { code: 'BE', name: 'Belgium', timeZone: 'Europe/Brussels' },
];

export const DEMO_AGENCIES: Agency[] = [
  { code: 'MA-DGST', country: 'MA', name: 'Direction générale de la surveillance du territoire', kind: 'domestic-intelligence' },
  { code: 'MA-DGED', country: 'MA', name: 'Direction générale des études et de la documentation', kind: 'foreign-intelligence' },
  { code: 'FR-DGSI', country: 'FR', name: 'Direction générale de la sécurité intérieure', kind: 'domestic-intelligence' },
  { code: 'FR-DGSE', country: 'FR', name: 'Direction générale de la sécurité extérieure', kind: 'foreign-intelligence' },
  { code: 'ES-CGI', country: 'ES', name: 'Comisaría General de Información', kind: 'police' },
  { code: 'ES-CNI', country: 'ES', name: 'Centro Nacional de Inteligencia', kind: 'foreign-intelligence' },
  { code: 'BE-VSSE', country: 'BE', name: 'Veiligheid van de Staat / Sûreté de l’État', kind: 'domestic-intelligence' },
  { code: 'BE-OCAM', country: 'BE', name: 'Organe de coordination pour l’analyse de la menace / OCAD', kind: 'threat-assessment' },
];

const LOCALES: Record<string, string> = { MA: 'fr', FR: 'fr', ES: 'es', BE: 'nl' };

// Invented officers: one given name and one family name per role and country, none of them a real person's file.
const OFFICER_NAMES: Record<string, string[]> = {
  MA: ['Salma Idrissi', 'Karim Bennani', 'Nadia Alaoui', 'Omar Tazi', 'Leila Berrada', 'Hicham Fassi'],
  FR: ['Claire Morel', 'Julien Garnier', 'Sophie Lambert', 'Thomas Roux', 'Camille Faure', 'Antoine Mercier'],
  ES: ['Lucía Navarro', 'Javier Ortega', 'Marta Iglesias', 'Pablo Herrera', 'Elena Castro', 'Diego Romero'],
  BE: ['Anke Peeters', 'Pieter Janssens', 'Els Maes', 'Luc Dubois', 'Inge Claes', 'Marc Lambrechts'],
};

const ROLE_SETS: { key: string; roles: Role[]; clearance: Classification }[] = [
  { key: 'duty', roles: ['duty_officer'], clearance: 'confidential' },
  { key: 'analyst', roles: ['analyst'], clearance: 'secret' },
  { key: 'liaison', roles: ['liaison_officer'], clearance: 'secret' },
  { key: 'supervisor', roles: ['supervisor', 'duty_officer'], clearance: 'secret' },
  { key: 'dpo', roles: ['auditor'], clearance: 'restricted' },
  { key: 'admin', roles: ['admin'], clearance: 'restricted' },
];

export interface DemoLogin {
  email: string;
  displayName: string;
  roles: Role[];
  agency: string;
  country: string;
  password: string;
  totpSecret: string;
}

function demoPassword(): string {
  // Long, random, typeable: four groups of five base32 characters.
  return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').match(/.{1,5}/g)!.join('-');
}

export function demoEmail(roleKey: string, agency: string): string {
  return `${roleKey}@${agency.toLowerCase()}.atalaya.test`;
}

/** Seeds the demo cell into an empty store. Returns the logins (also written to the credentials file). */
export async function seedDemo(ctx: AppContext, options: { meta?: RequestMeta } = {}): Promise<DemoLogin[]> {
  const meta = options.meta ?? CLI_META;
  if ((await ctx.identities.listAgencies()).length > 0) throw new Error('The store already holds agencies: the demo seeds only an empty cell');
  for (const c of DEMO_COUNTRIES) await ctx.identities.upsertCountry('cli', c, meta);
  for (const a of DEMO_AGENCIES) await ctx.identities.addAgency('cli', a, meta);

  const logins: DemoLogin[] = [];
  for (const agency of DEMO_AGENCIES) {
    const names = OFFICER_NAMES[agency.country]!;
    const second = DEMO_AGENCIES.filter((a) => a.country === agency.country).indexOf(agency) === 1;
    for (const [i, set] of ROLE_SETS.entries()) {
      const email = demoEmail(set.key, agency.code);
      const password = demoPassword();
      const totpSecret = newTotpSecret();
      const base = names[i % names.length]!;
      const displayName = second ? base.split(' ').reverse().join(' ') : base;
      await ctx.identities.addUser(
        'cli',
        {
          email,
          displayName,
          agency: agency.code,
          roles: set.roles,
          clearance: set.clearance,
          password,
          totpSecret,
          locale: LOCALES[agency.country],
          timeZone: DEMO_COUNTRIES.find((c) => c.code === agency.country)!.timeZone,
        },
        meta,
      );
      logins.push({ email, displayName, roles: set.roles, agency: agency.code, country: agency.country, password, totpSecret });
    }
  }

  await seedDemoItems(ctx, meta);
  writeDemoCredentials(ctx.dataDir, logins);
  return logins;
}

async function demoActor(ctx: AppContext, roleKey: string, agency: string): Promise<Actor> {
  const user = await ctx.store.identities.findUserByEmail(demoEmail(roleKey, agency));
  if (!user) throw new Error(`demo user ${roleKey}@${agency} missing`);
  return actorOf(user);
}

async function seedDemoItems(ctx: AppContext, meta: RequestMeta): Promise<void> {
  const maAnalyst = await demoActor(ctx, 'analyst', 'MA-DGST');
  const beAnalyst = await demoActor(ctx, 'analyst', 'BE-VSSE');
  const frAnalyst = await demoActor(ctx, 'analyst', 'FR-DGSI');
  const esAnalyst = await demoActor(ctx, 'analyst', 'ES-CGI');
  const why = { ...meta, justification: 'Demo seed of the synthetic cell' };
  const base = { classification: 'confidential' as const, tlp: 'amber' as const, legalBasis: 'Joint cell agreement, art. 3', purpose: 'Holiday season threat prevention' };
  const year = new Date().getUTCFullYear();
  const reviewBy = `${year + 1}-06-14`;

  // The night of SCENARIO.md: Morocco's person of interest, written three ways, released to France, Spain, Belgium.
  const youssef = await ctx.items.create(maAnalyst, subjectKind, {
    envelope: { ...base, releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H2' }, grading: 'B2', subjectCategory: 'suspect', reviewBy },
    body: {
      names: [
        { full: 'يوسف بن عمر الحداد', script: 'arabic', kind: 'primary', parts: { given: 'يوسف', patronymic: 'بن عمر', family: 'الحداد' } },
        { full: 'Youssef Benomar El Haddad', script: 'latin', kind: 'transliteration', lang: 'fr' },
        { full: 'Yusuf bin Umar al-Haddad', script: 'latin', kind: 'transliteration', lang: 'en' },
      ],
      datesOfBirth: ['1994'],
      nationalities: ['MA'],
      gender: 'male',
      documents: [{ type: 'passport', number: 'MA-AB123456', issuingCountry: 'MA' }],
      notes: [{ text: 'Travelled Tangier–Algeciras twice in November.', statement: 'fact' }],
    },
  }, why);
  const omar = await ctx.items.create(maAnalyst, subjectKind, {
    envelope: { ...base, releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H2' }, grading: 'C3', subjectCategory: 'contact', reviewBy },
    body: {
      names: [{ full: 'Karim Ait Lahcen', script: 'latin', kind: 'primary' }, { full: 'كريم آيت لحسن', script: 'arabic', kind: 'transliteration' }],
      datesOfBirth: ['1991-07'],
      nationalities: ['MA', 'ES'],
      gender: 'male',
      links: [{ subjectId: youssef.id, kind: 'travel-companion', basis: 'Booked on the same ferry, 3 and 17 November' }],
    },
  }, why);
  await ctx.items.create(maAnalyst, alertKind, {
    envelope: { ...base, releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H2' }, subjectCategory: 'suspect', reviewBy },
    body: {
      subjectId: youssef.id,
      alertKind: 'national-discreet-check',
      actionOnHit: 'Discreet check: report companions, do not alert',
      validFrom: `${year}-11-01`,
      validUntil: reviewBy,
      reference: 'MA-DGST-DC-0042',
    },
  }, why);
  await ctx.items.create(maAnalyst, reportKind, {
    envelope: { ...base, releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H1' }, grading: 'B2', subjectCategory: 'suspect', reviewBy },
    body: {
      title: 'Intercepted conversation: travel to Europe',
      text: 'A conversation suggests travel to Europe "before the markets close".',
      about: { subjects: [youssef.id, omar.id], events: [], places: ['Tangier', 'Strasbourg'] },
      statement: 'assessment',
    },
  }, why);

  // Belgium's own record of what may be the same man — not released to Morocco.
  await ctx.items.create(beAnalyst, subjectKind, {
    envelope: { ...base, releaseTo: { countries: [], agencies: [] }, handling: { code: 'H2' }, grading: 'C2', subjectCategory: 'suspect' },
    body: { names: [{ full: 'Youssef BEN OMAR', script: 'latin', kind: 'primary' }], datesOfBirth: ['1994'], nationalities: ['MA', 'BE'], gender: 'male' },
  }, why);

  const market = await ctx.items.create(frAnalyst, eventKind, {
    envelope: { ...base, classification: 'restricted', releaseTo: { countries: ['MA', 'ES', 'BE'], agencies: [] }, handling: { code: 'H0' }, tlp: 'green' },
    body: {
      name: 'Christmas market, Strasbourg',
      place: { name: 'Place Kléber and city centre', city: 'Strasbourg', country: 'FR', lat: 48.5834, lon: 7.7458 },
      startsAt: `${year}-12-14T10:00:00+01:00`,
      endsAt: `${year}-12-24T20:00:00+01:00`,
      description: '300 stalls; vehicle barriers on all access roads.',
      threat: { scale: 'vigipirate', level: 'securite-renforcee-risque-attentat' },
    },
  }, why);
  void market;

  const levels: [Actor, string, string, string][] = [
    [frAnalyst, 'FR', 'vigipirate', 'securite-renforcee-risque-attentat'],
    [beAnalyst, 'BE', 'ocam', '3'],
    [esAnalyst, 'ES', 'naa', '4'],
    [maAnalyst, 'MA', 'ma-vigilance', 'eleve'],
  ];
  for (const [actor, country, scale, level] of levels) {
    await ctx.items.create(actor, threatLevelKind, {
      envelope: { ...base, classification: 'unclassified', tlp: 'clear', releaseTo: { countries: ['MA', 'FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H0' } },
      body: { country, scale, level, effectiveFrom: `${year}-12-01T00:00:00Z`, reason: 'Holiday season' },
    }, why);
  }

  // A small synthetic watchlist per country, for screening and search.
  const people: [Actor, string, string, string, string][] = [
    [maAnalyst, 'Hamza Ouazzani', 'حمزة الوزاني', '1989-02-11', 'MA'],
    [maAnalyst, 'Imane Chraibi', 'إيمان الشرايبي', '1996', 'MA'],
    [frAnalyst, 'Mehdi Benali', 'مهدي بن علي', '1990-10-05', 'FR'],
    [frAnalyst, 'Lucas Fontaine', '', '1987-04-23', 'FR'],
    [esAnalyst, 'Adil El Amrani', 'عادل العمراني', '1993-01-30', 'ES'],
    [beAnalyst, 'Samir Ould Brahim', 'سمير ولد ابراهيم', '1985', 'BE'],
  ];
  for (const [actor, latin, arabic, dob, nat] of people) {
    await ctx.items.create(actor, subjectKind, {
      envelope: { ...base, releaseTo: { countries: ['MA', 'FR', 'ES', 'BE'].filter((c) => c !== actor.country), agencies: [] }, handling: { code: 'H1' }, subjectCategory: 'potential-offender' },
      body: {
        names: [{ full: latin, script: 'latin', kind: 'primary' }, ...(arabic ? [{ full: arabic, script: 'arabic' as const, kind: 'transliteration' as const }] : [])],
        datesOfBirth: [dob],
        nationalities: [nat],
        gender: latin.startsWith('Imane') ? 'female' : 'male',
      },
    }, why);
  }

  // The night's exchange: Morocco's urgent request to Belgium, the duty roster and a handover note in Brussels.
  const maLiaison = await demoActor(ctx, 'liaison', 'MA-DGST');
  await ctx.exchange.send(
    maLiaison,
    {
      to: { agencies: ['BE-VSSE'], countries: [] },
      subject: 'Youssef Ben Omar (b. 1994): do you hold information?',
      text: 'Our record (released to you) suggests travel to Europe before the markets close. Do you hold anything on this person? Please acknowledge.',
      priority: 'urgent',
      kind: 'request',
      handling: { code: 'H2' },
      grading: 'B2',
      classification: 'confidential',
      subjectCategory: 'suspect',
      answerDueAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
    },
    why,
  );
  const now = Date.now();
  for (const agency of DEMO_AGENCIES) {
    for (const key of ['duty', 'supervisor']) {
      const a = await demoActor(ctx, key, agency.code);
      await ctx.duty.addShift(a, { startsAt: new Date(now - 2 * 3_600_000).toISOString(), endsAt: new Date(now + 10 * 3_600_000).toISOString() }, why);
    }
  }
  await ctx.duty.write(await demoActor(ctx, 'duty', 'BE-VSSE'), { kind: 'handover', text: 'Night shift: urgent request from Morocco pending; Brussels-Midi patrols reinforced until 06:00.' }, why);

  await ctx.items.create(maAnalyst, noteKind, {
    envelope: { ...base, releaseTo: { countries: ['FR', 'ES', 'BE'], agencies: [] }, handling: { code: 'H1' }, grading: 'B2' },
    body: { title: 'Travel pattern: Casablanca–Brussels route', text: 'Increased one-way bookings flagged by the airline liaison for 12–20 December.', statement: 'assessment' },
  }, why);
  await ctx.items.create(beAnalyst, noteKind, {
    envelope: { ...base, releaseTo: { countries: [], agencies: [] }, handling: { code: 'H2' }, grading: 'C3' },
    body: { title: 'Brussels internal: source meeting schedule', text: 'Not released: held by VSSE only.', statement: 'fact' },
  }, why);
}

export function writeDemoCredentials(dataDir: string, logins: DemoLogin[]): string {
  const file = path.join(dataDir, 'demo-credentials.json');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify({ warning: 'Demo logins of a synthetic cell. Never deploy a store seeded with these.', logins }, null, 2),
    { mode: 0o600 },
  );
  return file;
}

export function readDemoCredentials(dataDir: string): DemoLogin[] | null {
  const file = path.join(dataDir, 'demo-credentials.json');
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { logins: DemoLogin[] }).logins;
}
