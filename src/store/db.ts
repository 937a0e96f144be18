// Opens the system of record: PostgreSQL when DATABASE_URL is given, else the embedded PGlite in the data folder.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface OpenOptions {
  /** postgres://… ; when absent, PGlite in `dataDir/pgdata`. */
  url?: string | undefined;
  dataDir?: string | undefined;
  /** PGlite only: keep everything in memory (tests). */
  inMemory?: boolean;
  /** Use this PostgreSQL schema (tests run one schema per suite). */
  schema?: string;
  /** Reuse an already-open PGlite (tests share one per worker). */
  pglite?: PGlite;
  /** What the lock file names as the holder. */
  command?: string;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** PGlite instance when embedded: LISTEN/NOTIFY and raw access for tests. */
  pglite?: PGlite;
  /** PostgreSQL pool when on a server. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// Dates stay dates (YYYY-MM-DD strings), not midnight in the local zone; int8 fits in a number here.
const DATE_OID = 1082;
const INT8_OID = 20;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

/** The PostgreSQL advisory lock that serialises changes to the schema: creating it, migrating it. */
const SCHEMA_LOCK = 7_302_715_842;

/** Runs `f` holding the schema lock (a session lock, on a connection of its own from `pool`). */
export async function withSchemaLock<T>(pool: pg.Pool, f: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    try {
      return await f(client);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
    }
  } finally {
    client.release();
  }
}

export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  if (options.url) {
    const schema = options.schema;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // Under the schema lock: "create schema if not exists" from two sessions at once can still collide.
    if (schema) await withSchemaLock(pool, (client) => client.query(`create schema if not exists "${schema}"`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pool, close: () => db.destroy() };
  }

  let release: (() => void) | undefined;
  let pglite = options.pglite;
  const owned = !pglite;
  if (!pglite) {
    const dataDir = options.dataDir;
    if (!options.inMemory && !dataDir) throw new Error('A data folder (--data DIR) or DATABASE_URL is required');
    if (!options.inMemory) release = lockDataDir(dataDir!, options.command ?? 'atalaya');
    try {
      pglite = new PGlite({
        ...(options.inMemory ? {} : { dataDir: path.join(dataDir!, 'pgdata') }),
        parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
      });
      await pglite.waitReady;
    } catch (e) {
      release?.();
      throw e;
    }
  }
  if (options.schema) {
    await pglite.exec(`create schema if not exists "${options.schema}"; set search_path to "${options.schema}"`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  const instance = pglite;
  return {
    db,
    kind: 'pglite',
    pglite: instance,
    async close() {
      await db.destroy();
      if (owned) await instance.close();
      release?.();
    },
  };
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
