import type { Kysely } from 'kysely';
import type { Role } from '../../domain/identity.js';
import type { Database } from '../schema.js';

export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  agency: string;
  roles: Role[];
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Sessions, MFA enrolment tickets and API tokens. Only hashes of secrets are stored. */
export class CredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertSession(s: Omit<SessionRecord, 'revokedAt'> & { ip: string | null; userAgent: string | null }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        csrf_hash: s.csrfHash,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        idle_expires_at: s.idleExpiresAt,
        absolute_expires_at: s.absoluteExpiresAt,
        revoked_at: null,
        ip: s.ip,
        user_agent: s.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
  }

  async findSession(idHash: string): Promise<SessionRecord | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return (
      r && {
        idHash: r.id_hash,
        userId: r.user_id,
        csrfHash: r.csrf_hash,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        idleExpiresAt: r.idle_expires_at,
        absoluteExpiresAt: r.absolute_expires_at,
        revokedAt: r.revoked_at,
      }
    );
  }

  async touchSession(idHash: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now, idle_expires_at: idleExpiresAt }).where('id_hash', '=', idHash).execute();
  }

  async revokeSession(idHash: string, now: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  async revokeSessionsOfUser(userId: string, now: Date): Promise<number> {
    const r = await this.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async insertEnrolment(e: { ticketHash: string; userId: string; secret: string; expiresAt: Date }): Promise<void> {
    await this.db.deleteFrom('mfa_enrolments').where('user_id', '=', e.userId).execute();
    await this.db
      .insertInto('mfa_enrolments')
      .values({ ticket_hash: e.ticketHash, user_id: e.userId, secret: e.secret, expires_at: e.expiresAt })
      .execute();
  }

  async findEnrolment(ticketHash: string): Promise<{ userId: string; secret: string; expiresAt: Date } | undefined> {
    const r = await this.db.selectFrom('mfa_enrolments').selectAll().where('ticket_hash', '=', ticketHash).executeTakeFirst();
    return r && { userId: r.user_id, secret: r.secret, expiresAt: r.expires_at };
  }

  async deleteEnrolmentsOfUser(userId: string): Promise<void> {
    await this.db.deleteFrom('mfa_enrolments').where('user_id', '=', userId).execute();
  }

  async insertApiToken(t: ApiTokenRecord & { tokenHash: string; createdBy: string }): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        token_hash: t.tokenHash,
        user_id: t.userId,
        agency: t.agency,
        roles: t.roles,
        name: t.name,
        created_at: t.createdAt,
        created_by: t.createdBy,
        expires_at: t.expiresAt,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return (
      r && {
        id: r.id,
        userId: r.user_id,
        agency: r.agency,
        roles: r.roles as Role[],
        name: r.name,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
      }
    );
  }

  async markApiTokenUsed(id: string, now: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async revokeApiTokensOfUser(userId: string, now: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}
