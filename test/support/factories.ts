// Small factories for fixtures: a cell of four countries, users of any role, items with a full envelope.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../../src/context.js';
import type { Classification } from '../../src/domain/envelope.js';
import type { EnvelopeInput } from '../../src/domain/envelope-input.js';
import type { Actor, Role } from '../../src/domain/identity.js';
import { buildApp } from '../../src/http/app.js';
import { CLI_META, type RequestMeta } from '../../src/services/audit-service.js';
import { actorOf, newTotpSecret, totpCode } from '../../src/services/auth-service.js';
import type { Clock } from '../../src/services/clock.js';

export const CELL = {
  countries: [
    { code: 'MA', name: 'Morocco', timeZone: 'Africa/Casablanca' },
    { code: 'FR', name: 'France', timeZone: 'Europe/Paris' },
    { code: 'ES', name: 'Spain', timeZone: 'Europe/Madrid' },
    { code: 'BE', name: 'Belgium', timeZone: 'Europe/Brussels' },
  ],
  agencies: [
    { code: 'MA-DGST', country: 'MA', name: 'Morocco domestic', kind: 'domestic-intelligence' as const },
    { code: 'MA-DGED', country: 'MA', name: 'Morocco foreign', kind: 'foreign-intelligence' as const },
    { code: 'FR-DGSI', country: 'FR', name: 'France domestic', kind: 'domestic-intelligence' as const },
    { code: 'ES-CGI', country: 'ES', name: 'Spain police', kind: 'police' as const },
    { code: 'BE-VSSE', country: 'BE', name: 'Belgium domestic', kind: 'domestic-intelligence' as const },
  ],
};

export async function buildCell(ctx: AppContext): Promise<void> {
  for (const c of CELL.countries) await ctx.identities.upsertCountry('cli', c, CLI_META);
  for (const a of CELL.agencies) await ctx.identities.addAgency('cli', a, CLI_META);
}

export interface TestUser {
  email: string;
  password: string;
  totpSecret: string;
  actor: Actor;
}

let counter = 0;

export async function buildUser(
  ctx: AppContext,
  opts: { agency: string; roles?: Role[]; clearance?: Classification; enrolled?: boolean; email?: string },
): Promise<TestUser> {
  const email = opts.email ?? `user${++counter}-${randomBytes(3).toString('hex')}@${opts.agency.toLowerCase()}.atalaya.test`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const totpSecret = newTotpSecret();
  await ctx.identities.addUser(
    'cli',
    {
      email,
      displayName: `Officer ${counter}`,
      agency: opts.agency,
      roles: opts.roles ?? ['analyst'],
      clearance: opts.clearance ?? 'secret',
      password,
      ...(opts.enrolled === false ? {} : { totpSecret }),
    },
    CLI_META,
  );
  const user = await ctx.store.identities.findUserByEmail(email);
  return { email, password, totpSecret, actor: actorOf(user!) };
}

export function buildEnvelope(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    releaseTo: { countries: [], agencies: [] },
    classification: 'restricted',
    handling: { code: 'H0' },
    tlp: 'amber',
    grading: 'B2',
    legalBasis: 'Joint cell agreement, art. 3',
    purpose: 'Holiday season threat prevention',
    ...overrides,
  };
}

export const justified: RequestMeta = { ...CLI_META, ip: '127.0.0.1', justification: 'Operation Atalaya-test: checking a lead' };

/** An HTTP client logged in through the API (password + TOTP), holding the session cookie and CSRF token. */
export class TestClient {
  cookie = '';
  csrf = '';
  bearer = '';
  constructor(readonly app: FastifyInstance) {}

  async login(user: TestUser, clock: Clock): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password, totp: totpCode(user.totpSecret, clock.now()) },
    });
    if (res.statusCode === 200) {
      const cookies = res.cookies as { name: string; value: string }[];
      this.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      this.csrf = res.json().csrfToken;
    }
    return res;
  }

  inject(opts: InjectOptions & { justification?: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (opts.justification) headers['x-justification'] = encodeURIComponent(opts.justification);
    const { justification: _j, ...rest } = opts;
    return this.app.inject({ ...rest, headers });
  }

  get(url: string, justification?: string) {
    return this.inject({ method: 'GET', url, ...(justification ? { justification } : {}) });
  }
  post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.inject({ method: 'POST', url, payload: payload as never, headers });
  }
  patch(url: string, payload: unknown, headers: Record<string, string> = {}) {
    return this.inject({ method: 'PATCH', url, payload: payload as never, headers });
  }
}

export async function buildTestApp(ctx: AppContext) {
  const app = await buildApp(ctx);
  await app.ready();
  return app;
}

export async function loggedIn(app: FastifyInstance, user: TestUser, clock: Clock): Promise<TestClient> {
  const c = new TestClient(app);
  const res = await c.login(user, clock);
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  // The next login of the same user needs the next TOTP step: move the clock on.
  (clock as { advance?: (ms: number) => void }).advance?.(30_000);
  return c;
}
