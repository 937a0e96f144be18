import type { Kysely } from 'kysely';
import type { Role } from '../../domain/identity.js';
import type { Database } from '../schema.js';

export interface Notification {
  id: number;
  at: Date;
  agency: string;
  roles: Role[] | null;
  kind: string;
  itemId: string | null;
  payload: Record<string, unknown>;
}

/** Notices for an agency (optionally only some of its roles): break-glass openings, cross-check hits, … */
export class NotificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(n: Omit<Notification, 'id'>): Promise<number> {
    const r = await this.db
      .insertInto('notifications')
      .values({ at: n.at, agency: n.agency, roles: n.roles, kind: n.kind, item_id: n.itemId, payload: JSON.stringify(n.payload) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async forAgency(agency: string, roles: readonly Role[], limit: number, beforeId?: number): Promise<Notification[]> {
    let q = this.db.selectFrom('notifications').selectAll().where('agency', '=', agency).orderBy('id', 'desc').limit(limit * 4);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    const rows = await q.execute();
    return rows
      .map((r) => ({
        id: Number(r.id),
        at: r.at,
        agency: r.agency,
        roles: r.roles as Role[] | null,
        kind: r.kind,
        itemId: r.item_id,
        payload: r.payload as unknown as Record<string, unknown>,
      }))
      .filter((n) => !n.roles || n.roles.some((r) => roles.includes(r)))
      .slice(0, limit);
  }
}
