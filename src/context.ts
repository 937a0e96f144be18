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
import { StixService } from './services/stix-service.js';
import { TaxiiService } from './services/taxii-service.js';
import { TaxiiPuller } from './services/taxii-pull.js';
import { RecordImportService } from './services/record-import-service.js';
import { ItemEvents } from './services/item-events.js';
import { ListImportService } from './services/list-import-service.js';
import { ScreeningService } from './services/screening-service.js';
import { WatchlistService } from './services/watchlist-service.js';
import { audienceOf, LiveEvents } from './services/live-events.js';
import { ExchangeService } from './services/exchange-service.js';
import { CrossCheckService } from './services/crosscheck-service.js';
import { DutyService } from './services/duty-service.js';
import { Directory } from './services/directory.js';
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
  readonly stix: StixService;
  readonly taxii: TaxiiService;
  readonly taxiiPull: TaxiiPuller;
  readonly recordImport: RecordImportService;
  readonly events: ItemEvents;
  readonly lists: ListImportService;
  readonly watchlist: WatchlistService;
  readonly screening: ScreeningService;
  readonly live: LiveEvents;
  readonly directory: Directory;
  readonly exchange: ExchangeService;
  readonly crossChecks: CrossCheckService;
  readonly duty: DutyService;
  #crossChecking: Promise<void> = Promise.resolve();

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
    this.identities = new IdentityService(this.store, this.audit, clock, () => this.directory?.invalidate());
    this.events = new ItemEvents();
    this.directory = new Directory(this.store);
    this.items = new ItemService(this.store, this.audit, clock, config, this.events, this.directory);
    this.lists = new ListImportService(this.store, this.audit, clock, this.events);
    this.watchlist = new WatchlistService(this.store, this.events);
    this.live = new LiveEvents(this.store, clock);
    this.screening = new ScreeningService(this.store, this.audit, clock, this.items, this.watchlist, config, this.live);
    this.exchange = new ExchangeService(this.store, this.audit, clock, this.items, this.live, config, this.directory);
    this.crossChecks = new CrossCheckService(this.store, this.audit, clock, this.watchlist, this.live, this.items, config.crossCheckMinScore);
    this.duty = new DutyService(this.store, this.audit, clock, this.live);
    this.items.hooks = {
      disclosed: (tx, item, agencies, via) => tx.exchange.disclose(item.id, agencies, via, null, clock.now()),
      changed: async (tx, item, how, reason, actor) => {
        if (how === 'corrected' || how === 'recalled' || how === 'erased') await this.exchange.tellPastRecipients(tx, item, how, reason, actor);
        // Threat levels and events' threat ratings go to every board that may see them.
        if ((item.kind === 'threat-level' || (item.kind === 'event' && item.body.threat)) && how !== 'erased') {
          await this.live.publish(tx, {
            kind: item.kind === 'threat-level' ? 'threat-level.changed' : 'event.threat-changed',
            itemId: item.id,
            agencies: await audienceOf(tx, item.envelope),
            classification: item.envelope.classification,
            payload: { id: item.id, title: item.title, ...(item.body as Record<string, unknown>) },
          });
        }
      },
    };
    // The cross-check follows committed changes to persons, after the watchlist has taken them in.
    this.events.on((ids, kind) => {
      if (kind && kind !== 'subject') return;
      this.#crossChecking = this.#crossChecking.then(() => this.crossChecks.check(ids)).then(() => undefined, (e) => this.logger.error({ err: e }, 'cross-check failed'));
    });
    this.transfer = new TransferService(this.store, this.audit, clock, ALL_KINDS, this.events);
    this.stix = new StixService(this.store, this.audit, clock, this.transfer, config.stixMaxBytes);
    this.taxii = new TaxiiService(this.store, this.audit, clock);
    this.taxiiPull = new TaxiiPuller(this.store, this.stix, () => clock.now());
    this.recordImport = new RecordImportService(this.audit, clock, this.events);
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
      await migrateToLatest(database.db, options.database?.schema, database.pool);
    } catch (e) {
      await database.close();
      throw e;
    }
    const nodeKey = loadOrCreateNodeKey(dataDir);
    const config = { ...configFromEnv(), ...options.config };
    const ctx = new AppContext(database, config, options.clock ?? systemClock, nodeKey, options.logger ?? createLogger(), dataDir);
    await ctx.live.start(database);
    return ctx;
  }

  /** Resolves when the cross-checks of changes so far are done (tests, orderly shutdown). */
  async settled(): Promise<void> {
    await this.#crossChecking;
    await this.live.poke();
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
    await this.live.stop();
    await this.database.close();
  }
}
