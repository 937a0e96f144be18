// Logins with password (argon2id) and TOTP, sessions, MFA enrolment and API tokens.
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import * as OTPAuth from 'otpauth';
import type { Config } from '../config.js';
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import { ROLES, type Actor, type Role } from '../domain/identity.js';
import { may } from '../domain/policy.js';
import type { UserRecord } from '../store/repositories/identity-repository.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import { hashSecret, newSecret, sameSecret } from './secrets.js';

const TOTP_PERIOD = 30;
const ISSUER = 'Atalaya';

export async function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id; parameters at OWASP's recommended minimum or above.
  return argon2Hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** A password policy a security service can live with: long, not trivially guessable. */
export function checkPasswordStrength(password: string): void {
  if (password.length < 12) throw new ValidationError('Passwords need at least 12 characters', undefined, 'weak_password');
  if (password.length > 256) throw new ValidationError('Passwords are at most 256 characters', undefined, 'weak_password');
  if (new Set(password).size < 5) throw new ValidationError('Password is too repetitive', undefined, 'weak_password');
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The current code for a secret — for tests and the demo's instructions, never for the server's own checks. */
export function totpCode(secret: string, at: Date = new Date()): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}

export function actorOf(user: UserRecord, token?: { id: string; agency: string; roles: Role[]; name?: string }): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    agency: token?.agency ?? user.agency,
    country: user.country,
    roles: token ? token.roles.filter((r) => user.roles.includes(r)) : user.roles,
    clearance: user.clearance,
    ...(token ? { tokenId: token.id, ...(token.name ? { tokenName: token.name } : {}) } : {}),
  };
}

export type LoginResult =
  | { status: 'authenticated'; sessionToken: string; csrfToken: string; actor: Actor; expiresAt: Date }
  | { status: 'enrolment_required'; ticket: string; secret: string; otpauthUri: string };

export interface SessionAuth {
  actor: Actor;
  sessionHash: string;
  csrfHash: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

// A fixed hash to verify against when the account does not exist, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  async login(input: { email: string; password: string; totp?: string | undefined }, meta: RequestMeta): Promise<LoginResult> {
    const now = this.clock.now();
    const user = await this.store.identities.findUserByEmail(input.email);
    const failure = async (reason: string, error: Error, countsAgainstAccount = true) => {
      await this.store.transaction(async (tx) => {
        if (user && countsAgainstAccount) {
          const failed = user.failedLogins + 1;
          const lock = failed >= this.config.lockoutThreshold;
          await tx.identities.updateUser(
            user.id,
            { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + this.config.lockoutMinutes * 60_000) : null },
            now,
          );
          if (lock) {
            await this.audit.append(tx, { userId: user.id, agency: user.agency }, meta, 'auth.lockout', 'success', {
              details: { minutes: this.config.lockoutMinutes },
              flagged: true,
            });
          }
        }
        // The attempted email is kept (hashed when no account has it) so that the DPO can see guessing.
        await this.audit.append(tx, user ? { userId: user.id, agency: user.agency } : null, meta, 'auth.login', 'denied', {
          details: { reason, ...(user ? {} : { emailHash: hashSecret(input.email.toLowerCase()).slice(0, 16) }) },
        });
      });
      throw error;
    };
    const bad = new UnauthenticatedError('Wrong email or password', 'invalid_credentials');

    if (user?.lockedUntil && user.lockedUntil > now) {
      return failure(
        'locked',
        new TooManyRequestsError(
          `Too many failed logins: this account is locked until ${user.lockedUntil.toISOString().slice(11, 16)} UTC. Try again later or ask an administrator.`,
          'account_locked',
          { lockedUntil: user.lockedUntil.toISOString() },
        ),
        false,
      );
    }
    dummyHash ??= hashPassword('atalaya-no-such-account');
    const passwordOk = await argon2Verify(user?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
    if (!user || !passwordOk) return failure(user ? 'bad-password' : 'unknown-account', bad);
    if (user.disabledAt) return failure('disabled', bad, false);

    if (!user.totpSecret || !user.totpEnrolledAt) {
      const ticket = newSecret('enr_');
      const secret = newTotpSecret();
      await this.store.transaction(async (tx) => {
        await tx.credentials.insertEnrolment({
          ticketHash: hashSecret(ticket),
          userId: user.id,
          secret,
          expiresAt: new Date(now.getTime() + this.config.enrolmentMinutes * 60_000),
        });
        await this.audit.append(tx, { userId: user.id, agency: user.agency }, meta, 'auth.mfa.enrolment-started', 'success');
      });
      return { status: 'enrolment_required', ticket, secret, otpauthUri: totpFor(secret, user.email).toString() };
    }

    if (!input.totp) return failure('totp-missing', new UnauthenticatedError('A one-time code from your authenticator is required', 'totp_required'));
    const step = this.matchTotp(user.totpSecret, input.totp, now);
    if (step === null) return failure('totp-wrong', new UnauthenticatedError('Wrong one-time code', 'invalid_totp'));
    return this.store.transaction(async (tx) => {
      if (!(await tx.identities.consumeTotpStep(user.id, step))) {
        throw new UnauthenticatedError('This one-time code was already used; wait for the next one', 'totp_replayed');
      }
      return this.openSession(tx, user, meta, now);
    }).catch((e) => (e instanceof UnauthenticatedError ? failure('totp-replayed', e) : Promise.reject(e)));
  }

  /** Completes MFA enrolment with the first code from the new authenticator, and logs in. */
  async enrol(input: { ticket: string; totp: string }, meta: RequestMeta): Promise<LoginResult> {
    const now = this.clock.now();
    const enrolment = await this.store.credentials.findEnrolment(hashSecret(input.ticket));
    if (!enrolment || enrolment.expiresAt <= now) {
      await this.store.transaction((tx) => this.audit.append(tx, null, meta, 'auth.mfa.enrol', 'denied', { details: { reason: 'bad-ticket' } }));
      throw new UnauthenticatedError('This enrolment has expired; log in again to restart it', 'enrolment_expired');
    }
    const user = await this.store.identities.findUser(enrolment.userId);
    if (!user || user.disabledAt) throw new UnauthenticatedError('Wrong email or password', 'invalid_credentials');
    const step = this.matchTotp(enrolment.secret, input.totp, now);
    if (step === null) {
      await this.store.transaction((tx) =>
        this.audit.append(tx, { userId: user.id, agency: user.agency }, meta, 'auth.mfa.enrol', 'denied', { details: { reason: 'totp-wrong' } }),
      );
      throw new UnauthenticatedError('Wrong one-time code: check the time on your device and try the next code', 'invalid_totp');
    }
    return this.store.transaction(async (tx) => {
      await tx.identities.updateUser(user.id, { totpSecret: enrolment.secret, totpEnrolledAt: now, totpLastStep: step, failedLogins: 0, lockedUntil: null }, now);
      await tx.credentials.deleteEnrolmentsOfUser(user.id);
      await this.audit.append(tx, { userId: user.id, agency: user.agency }, meta, 'auth.mfa.enrol', 'success');
      return this.openSession(tx, user, meta, now);
    });
  }

  private matchTotp(secret: string, code: string, now: Date): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = totpFor(secret, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
    if (delta === null) return null;
    return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
  }

  private async openSession(tx: Store, user: UserRecord, meta: RequestMeta, now: Date): Promise<LoginResult> {
    const sessionToken = newSecret('ses_');
    const csrfToken = newSecret();
    const idleExpiresAt = new Date(now.getTime() + this.config.sessionIdleMinutes * 60_000);
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    await tx.credentials.insertSession({
      idHash: hashSecret(sessionToken),
      userId: user.id,
      csrfHash: hashSecret(csrfToken),
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt,
      absoluteExpiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    await tx.identities.updateUser(user.id, { failedLogins: 0, lockedUntil: null }, now);
    await this.audit.append(tx, { userId: user.id, agency: user.agency }, meta, 'auth.login', 'success', { details: { method: 'password+totp' } });
    return { status: 'authenticated', sessionToken, csrfToken, actor: actorOf(user), expiresAt: absoluteExpiresAt };
  }

  /** Resolves a session cookie; refreshes its idle expiry. Returns null if unknown, revoked or expired. */
  async authenticateSession(sessionToken: string): Promise<SessionAuth | null> {
    const now = this.clock.now();
    const idHash = hashSecret(sessionToken);
    const session = await this.store.credentials.findSession(idHash);
    if (!session || session.revokedAt || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return null;
    const user = await this.store.identities.findUser(session.userId);
    if (!user || user.disabledAt) return null;
    const idle = new Date(Math.min(now.getTime() + this.config.sessionIdleMinutes * 60_000, session.absoluteExpiresAt.getTime()));
    // Touch at most once a minute: a busy board should not write on every request.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await this.store.credentials.touchSession(idHash, now, idle);
    return { actor: actorOf(user), sessionHash: idHash, csrfHash: session.csrfHash, idleExpiresAt: idle, absoluteExpiresAt: session.absoluteExpiresAt };
  }

  checkCsrf(auth: SessionAuth, headerToken: string | undefined): boolean {
    return !!headerToken && sameSecret(hashSecret(headerToken), auth.csrfHash);
  }

  async logout(auth: SessionAuth, meta: RequestMeta): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.credentials.revokeSession(auth.sessionHash, this.clock.now());
      await this.audit.append(tx, auth.actor, meta, 'auth.logout', 'success');
    });
  }

  async authenticateToken(token: string): Promise<Actor | null> {
    if (!token.startsWith('atl_')) return null;
    const now = this.clock.now();
    const record = await this.store.credentials.findApiTokenByHash(hashSecret(token));
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
    const user = await this.store.identities.findUser(record.userId);
    if (!user || user.disabledAt) return null;
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > 60_000) await this.store.credentials.markApiTokenUsed(record.id, now);
    return actorOf(user, record);
  }

  /**
   * Creates an API token for a user (a machine client runs as that user, narrowed to the given roles).
   * Returns the token once; only its hash is kept.
   */
  async createApiToken(
    by: Actor | 'cli',
    input: { email: string; name: string; roles?: Role[] | undefined; expiresInDays?: number | undefined },
    meta: RequestMeta,
  ): Promise<{ id: string; token: string; roles: Role[]; agency: string; expiresAt: Date | null }> {
    if (by !== 'cli' && !may(by, 'token.create')) throw new ForbiddenError('Only administrators create API tokens', 'not_admin');
    const actor = by === 'cli' ? { userId: 'cli', agency: null } : by;
    return this.audit.audited(actor, meta, 'token.create', async (tx, note) => {
      const user = await tx.identities.findUserByEmail(input.email);
      if (!user) throw new NotFoundError(`No user with email ${input.email}`, 'user_not_found');
      if (user.disabledAt) throw new ValidationError('This user is disabled', undefined, 'user_disabled');
      const roles = input.roles ?? user.roles;
      const foreign = roles.filter((r) => !user.roles.includes(r) || !ROLES.includes(r));
      if (foreign.length) throw new ValidationError(`A token cannot carry roles its user lacks: ${foreign.join(', ')}`, { roles: foreign }, 'role_not_held');
      const now = this.clock.now();
      const token = newSecret('atl_');
      const id = uuidv7(now.getTime());
      const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
      await tx.credentials.insertApiToken({
        id,
        tokenHash: hashSecret(token),
        userId: user.id,
        agency: user.agency,
        roles,
        name: input.name,
        createdAt: now,
        createdBy: actor.userId,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      });
      note.details = { tokenId: id, forUser: user.id, roles, name: input.name };
      return { id, token, roles, agency: user.agency, expiresAt };
    });
  }
}
