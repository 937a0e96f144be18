import type { Kysely, Selectable } from 'kysely';
import type { Agency, AgencyKind, Country, Role } from '../../domain/identity.js';
import type { Classification } from '../../domain/envelope.js';
import type { Database, UserTable } from '../schema.js';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  agency: string;
  country: string;
  roles: Role[];
  clearance: Classification;
  passwordHash: string;
  totpSecret: string | null;
  totpEnrolledAt: Date | null;
  totpLastStep: number | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  locale: string;
  timeZone: string | null;
  createdAt: Date;
}

function toUser(row: Selectable<UserTable> & { country: string }): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    agency: row.agency,
    country: row.country,
    roles: row.roles as Role[],
    clearance: row.clearance as Classification,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnrolledAt: row.totp_enrolled_at,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
    locale: row.locale,
    timeZone: row.time_zone,
    createdAt: row.created_at,
  };
}

export class IdentityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertCountry(c: Country): Promise<void> {
    await this.db
      .insertInto('countries')
      .values({ code: c.code, name: c.name, time_zone: c.timeZone })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: c.name, time_zone: c.timeZone }))
      .execute();
  }

  async listCountries(): Promise<Country[]> {
    const rows = await this.db.selectFrom('countries').selectAll().orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, name: r.name, timeZone: r.time_zone }));
  }

  async countryCodes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('countries').select('code').execute();
    return new Set(rows.map((r) => r.code));
  }

  async insertAgency(a: Agency): Promise<void> {
    await this.db.insertInto('agencies').values({ code: a.code, country: a.country, name: a.name, kind: a.kind }).execute();
  }

  async findAgency(code: string): Promise<Agency | undefined> {
    const r = await this.db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
    return r && { code: r.code, country: r.country, name: r.name, kind: r.kind as AgencyKind };
  }

  async listAgencies(): Promise<Agency[]> {
    const rows = await this.db.selectFrom('agencies').selectAll().orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, country: r.country, name: r.name, kind: r.kind as AgencyKind }));
  }

  async insertUser(u: {
    id: string;
    email: string;
    displayName: string;
    agency: string;
    roles: Role[];
    clearance: Classification;
    passwordHash: string;
    totpSecret?: string | null;
    totpEnrolledAt?: Date | null;
    locale?: string;
    timeZone?: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email.toLowerCase(),
        display_name: u.displayName,
        agency: u.agency,
        roles: u.roles,
        clearance: u.clearance,
        password_hash: u.passwordHash,
        totp_secret: u.totpSecret ?? null,
        totp_enrolled_at: u.totpEnrolledAt ?? null,
        totp_last_step: null,
        locale: u.locale ?? 'en',
        time_zone: u.timeZone ?? null,
      })
      .execute();
  }

  private userQuery() {
    return this.db
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.code', 'users.agency')
      .selectAll('users')
      .select('agencies.country');
  }

  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const r = await this.userQuery().where('users.email', '=', email.toLowerCase()).executeTakeFirst();
    return r && toUser(r);
  }

  async findUser(id: string): Promise<UserRecord | undefined> {
    const r = await this.userQuery().where('users.id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async listUsers(filter: { agency?: string } = {}): Promise<UserRecord[]> {
    let q = this.userQuery().orderBy('users.email');
    if (filter.agency) q = q.where('users.agency', '=', filter.agency);
    return (await q.execute()).map(toUser);
  }

  async usersOfAgency(agency: string, roles?: readonly Role[]): Promise<UserRecord[]> {
    const users = await this.listUsers({ agency });
    return users.filter((u) => !u.disabledAt && (!roles || u.roles.some((r) => roles.includes(r))));
  }

  async updateUser(
    id: string,
    patch: Partial<{
      passwordHash: string;
      totpSecret: string | null;
      totpEnrolledAt: Date | null;
      totpLastStep: number | null;
      failedLogins: number;
      lockedUntil: Date | null;
      disabledAt: Date | null;
      roles: Role[];
      clearance: Classification;
      displayName: string;
      locale: string;
      timeZone: string | null;
    }>,
    now: Date,
  ): Promise<void> {
    const set: Record<string, unknown> = { updated_at: now };
    const map: Record<string, string> = {
      passwordHash: 'password_hash',
      totpSecret: 'totp_secret',
      totpEnrolledAt: 'totp_enrolled_at',
      totpLastStep: 'totp_last_step',
      failedLogins: 'failed_logins',
      lockedUntil: 'locked_until',
      disabledAt: 'disabled_at',
      roles: 'roles',
      clearance: 'clearance',
      displayName: 'display_name',
      locale: 'locale',
      timeZone: 'time_zone',
    };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) set[map[k]!] = v;
    await this.db.updateTable('users').set(set).where('id', '=', id).execute();
  }

  /** Records a TOTP step as used, only if it is newer than the last one: a replayed code loses the race. */
  async consumeTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
