// The application context: the store, the clock, the settings, the node key and the services built on them.
import path from 'node:path';
import { loadOrCreateNodeKey, type NodeKey } from './audit/node-key.js';
import { configFromEnv, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { AuditService } from './services/audit-service.js';
import { AuthService } from './services/auth-service.js';
import { systemClock, type Clock } from './services/clock.js';
import { IdentityService } from './services/identity-service.js';
import { ItemService } from './services/item-service.js';
import { TransferService } from './services/transfer-service.js';
import { ItemEvents } from './services/item-events.js';
import { ListImportService } from './services/list-import-service.js';
import { ScreeningService } from './services/screening-service.js';
import { WatchlistService } from './services/watchlist-service.js';
import { ALL_KINDS } from './domain/all-kinds.js';
import { openDatabase, type OpenDatabase, type OpenOptions } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { Store } from './store/store.js';

export interface ContextOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  config?: Partial<Config>;
  clock?: Clock;
  logger?: Logger;
  /** Test hooks: an existing PGlite, a schema, memory only. */
  database?: Partial<OpenOptions>;
  command?: string;
}

export class AppContext {
  readonly store: Store;
  readonly audit: AuditService;
  readonly auth: AuthService;
  readonly identities: IdentityService;
  readonly items: ItemService;
  readonly transfer: TransferService;
  readonly events: ItemEvents;
  readonly lists: ListImportService;
  readonly watchlist: WatchlistService;
  readonly screening: ScreeningService;

  constructor(
    readonly database: OpenDatabase,
    readonly config: Config,
    readonly clock: Clock,
    readonly nodeKey: NodeKey,
    readonly logger: Logger,
    readonly dataDir: string,
  ) {
    this.store = new Store(database.db);
    this.audit = new AuditService(this.store, clock, nodeKey);
    this.auth = new AuthService(this.store, this.audit, clock, config);
    this.identities = new IdentityService(this.store, this.audit, clock);
    this.events = new ItemEvents();
    this.items = new ItemService(this.store, this.audit, clock, config, this.events);
    this.lists = new ListImportService(this.store, this.audit, clock, this.events);
    this.watchlist = new WatchlistService(this.store, this.events);
    this.screening = new ScreeningService(this.store, this.audit, clock, this.items, this.watchlist, config);
    this.transfer = new TransferService(this.store, this.audit, clock, ALL_KINDS);
  }

  /** Opens the store (migrating it forwards) and builds the services. */
  static async open(options: ContextOptions): Promise<AppContext> {
    const dataDir = path.resolve(options.dataDir);
    const database = await openDatabase({
      url: options.databaseUrl,
      dataDir,
      command: options.command ?? 'atalaya',
      ...options.database,
    });
    try {
      await migrateToLatest(database.db, options.database?.schema);
    } catch (e) {
      await database.close();
      throw e;
    }
    const nodeKey = loadOrCreateNodeKey(dataDir);
    const config = { ...configFromEnv(), ...options.config };
    return new AppContext(database, config, options.clock ?? systemClock, nodeKey, options.logger ?? createLogger(), dataDir);
  }

  async close(): Promise<void> {
    await this.database.close();
  }
}
