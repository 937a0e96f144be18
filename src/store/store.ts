// The store hands out one repository per aggregate over a database handle or an open transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { AuditRepository } from './repositories/audit-repository.js';
import { CredentialRepository } from './repositories/credential-repository.js';
import { IdentityRepository } from './repositories/identity-repository.js';
import { ItemRepository } from './repositories/item-repository.js';
import { NotificationRepository } from './repositories/notification-repository.js';
import { ScreeningRepository } from './repositories/screening-repository.js';
import { ExchangeRepository } from './repositories/exchange-repository.js';

/** State shared by the repositories of one transaction. */
export interface TxState {
  /** The audit chain's advisory lock is held (taken once per transaction). */
  chainLocked: boolean;
}

export class Store {
  readonly identities: IdentityRepository;
  readonly credentials: CredentialRepository;
  readonly audit: AuditRepository;
  readonly items: ItemRepository;
  readonly notifications: NotificationRepository;
  readonly screening: ScreeningRepository;
  readonly exchange: ExchangeRepository;

  constructor(
    private readonly db: Kysely<Database>,
    readonly inTransaction = false,
    readonly state: TxState = { chainLocked: false },
  ) {
    this.identities = new IdentityRepository(db);
    this.credentials = new CredentialRepository(db);
    this.audit = new AuditRepository(db, state);
    this.items = new ItemRepository(db);
    this.notifications = new NotificationRepository(db);
    this.screening = new ScreeningRepository(db);
    this.exchange = new ExchangeRepository(db, state);
  }

  /** Runs `fn` in one transaction; nested calls join the open one. */
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new Store(trx, true)));
  }

  async getMeta(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('node_meta').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('node_meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
