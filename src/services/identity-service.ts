// Countries, agencies and users: administration by admins (API) or by the operator at the command line.
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Classification } from '../domain/envelope.js';
import type { Actor, Agency, AgencyKind, Country, Role } from '../domain/identity.js';
import { may } from '../domain/policy.js';
import type { UserRecord } from '../store/repositories/identity-repository.js';
import type { Store } from '../store/store.js';
import { CLI_ACTOR, type AuditActor, type AuditService, type RequestMeta } from './audit-service.js';
import { checkPasswordStrength, hashPassword } from './auth-service.js';
import type { Clock } from './clock.js';

export type Administrator = Actor | 'cli';

export interface NewUser {
  email: string;
  displayName: string;
  agency: string;
  roles: Role[];
  clearance: Classification;
  password: string;
  locale?: string | undefined;
  timeZone?: string | undefined;
  /** Pre-enrolled TOTP secret (demo seed only). */
  totpSecret?: string | undefined;
}

/** What leaves the service about a user: never hashes or secrets. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  agency: string;
  country: string;
  roles: Role[];
  clearance: Classification;
  mfaEnrolled: boolean;
  locked: boolean;
  disabled: boolean;
  locale: string;
  timeZone: string | null;
}

export function presentUser(u: UserRecord, now: Date): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    agency: u.agency,
    country: u.country,
    roles: u.roles,
    clearance: u.clearance,
    mfaEnrolled: !!u.totpEnrolledAt,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    disabled: !!u.disabledAt,
    locale: u.locale,
    timeZone: u.timeZone,
  };
}

export class IdentityService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changed: () => void = () => undefined,
  ) {}

  private admin(by: Administrator): AuditActor {
    if (by === 'cli') return CLI_ACTOR;
    if (!may(by, 'identity.manage')) throw new ForbiddenError('Only administrators manage agencies and users', 'not_admin');
    return by;
  }

  async upsertCountry(by: Administrator, c: Country, meta: RequestMeta): Promise<void> {
    await this.audit.audited(this.admin(by), meta, 'country.upsert', async (tx, note) => {
      await tx.identities.upsertCountry(c);
      note.details = { country: c.code };
    });
    this.changed();
  }

  async addAgency(by: Administrator, a: Agency, meta: RequestMeta): Promise<Agency> {
    return this.audit.audited(this.admin(by), meta, 'agency.add', async (tx, note) => {
      note.details = { agency: a.code };
      if (!(await tx.identities.countryCodes()).has(a.country)) throw new ValidationError(`Unknown country ${a.country}`, { country: a.country }, 'unknown_country');
      if (!a.code.startsWith(`${a.country}-`)) throw new ValidationError(`Agency codes start with their country: ${a.country}-…`, { code: a.code }, 'bad_agency_code');
      if (await tx.identities.findAgency(a.code)) throw new ConflictError(`Agency ${a.code} already exists`, 'agency_exists');
      await tx.identities.insertAgency(a);
      return a;
    }).finally(() => this.changed());
  }

  listAgencies(): Promise<Agency[]> {
    return this.store.identities.listAgencies();
  }

  listCountries(): Promise<Country[]> {
    return this.store.identities.listCountries();
  }

  async addUser(by: Administrator, u: NewUser, meta: RequestMeta): Promise<UserView> {
    checkPasswordStrength(u.password);
    const passwordHash = await hashPassword(u.password);
    return this.audit.audited(this.admin(by), meta, 'user.add', async (tx, note) => {
      if (!(await tx.identities.findAgency(u.agency))) throw new ValidationError(`Unknown agency ${u.agency}`, { agency: u.agency }, 'unknown_agency');
      if (await tx.identities.findUserByEmail(u.email)) throw new ConflictError(`A user with email ${u.email} already exists`, 'user_exists');
      if (!u.roles.length) throw new ValidationError('A user needs at least one role', undefined, 'no_roles');
      const now = this.clock.now();
      const id = uuidv7(now.getTime());
      await tx.identities.insertUser({
        id,
        email: u.email,
        displayName: u.displayName,
        agency: u.agency,
        roles: [...new Set(u.roles)],
        clearance: u.clearance,
        passwordHash,
        totpSecret: u.totpSecret ?? null,
        totpEnrolledAt: u.totpSecret ? now : null,
        locale: u.locale ?? 'en',
        timeZone: u.timeZone ?? null,
      });
      note.details = { user: id, agency: u.agency, roles: u.roles, clearance: u.clearance };
      return presentUser((await tx.identities.findUser(id))!, now);
    });
  }

  async listUsers(by: Administrator, filter: { agency?: string } = {}): Promise<UserView[]> {
    this.admin(by);
    const now = this.clock.now();
    return (await this.store.identities.listUsers(filter)).map((u) => presentUser(u, now));
  }

  private async userOrThrow(tx: Store, idOrEmail: string): Promise<UserRecord> {
    const user = idOrEmail.includes('@') ? await tx.identities.findUserByEmail(idOrEmail) : await tx.identities.findUser(idOrEmail);
    if (!user) throw new NotFoundError(`No user ${idOrEmail}`, 'user_not_found');
    return user;
  }

  /** Disables an account: its sessions and tokens stop working at once. */
  async disableUser(by: Administrator, idOrEmail: string, meta: RequestMeta): Promise<UserView> {
    return this.audit.audited(this.admin(by), meta, 'user.disable', async (tx, note) => {
      const user = await this.userOrThrow(tx, idOrEmail);
      const now = this.clock.now();
      await tx.identities.updateUser(user.id, { disabledAt: now }, now);
      await tx.credentials.revokeSessionsOfUser(user.id, now);
      await tx.credentials.revokeApiTokensOfUser(user.id, now);
      note.details = { user: user.id };
      return presentUser((await tx.identities.findUser(user.id))!, now);
    });
  }

  /** Changes a user's roles or clearance. Their sessions end, so that what they may do changes at once. */
  async changeAccess(by: Administrator, idOrEmail: string, change: { roles?: Role[]; clearance?: Classification }, meta: RequestMeta): Promise<UserView> {
    return this.audit.audited(this.admin(by), meta, 'user.access.change', async (tx, note) => {
      const user = await this.userOrThrow(tx, idOrEmail);
      if (change.roles && !change.roles.length) throw new ValidationError('A user needs at least one role', undefined, 'no_roles');
      const now = this.clock.now();
      await tx.identities.updateUser(user.id, { ...(change.roles ? { roles: [...new Set(change.roles)] } : {}), ...(change.clearance ? { clearance: change.clearance } : {}) }, now);
      await tx.credentials.revokeSessionsOfUser(user.id, now);
      note.details = { user: user.id, before: { roles: user.roles, clearance: user.clearance }, after: change };
      return presentUser((await tx.identities.findUser(user.id))!, now);
    });
  }

  /** Forgets the TOTP secret: the user enrols again at next login. Sessions are revoked. */
  async resetMfa(by: Administrator, idOrEmail: string, meta: RequestMeta): Promise<UserView> {
    return this.audit.audited(this.admin(by), meta, 'user.mfa.reset', async (tx, note) => {
      const user = await this.userOrThrow(tx, idOrEmail);
      const now = this.clock.now();
      await tx.identities.updateUser(user.id, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, lockedUntil: null, failedLogins: 0 }, now);
      await tx.credentials.revokeSessionsOfUser(user.id, now);
      note.details = { user: user.id };
      return presentUser((await tx.identities.findUser(user.id))!, now);
    });
  }
}
