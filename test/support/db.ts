// Test databases: PGlite always (one per worker process, one schema per suite), and the PostgreSQL server of
// DATABASE_URL as well when it is set — so every store, service and HTTP suite runs on both.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { AppContext } from '../../src/context.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/services/clock.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  url?: string;
}

export const testDatabases: TestDatabase[] = [
  { name: 'pglite' },
  ...(process.env.DATABASE_URL ? [{ name: 'postgres' as const, url: process.env.DATABASE_URL }] : []),
];

const DATE_OID = 1082;
const INT8_OID = 20;

async function sharedPglite(): Promise<PGlite> {
  const g = globalThis as { __atalayaTestPglite?: Promise<PGlite> };
  g.__atalayaTestPglite ??= (async () => {
    const db = new PGlite({ parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) } });
    await db.waitReady;
    return db;
  })();
  return g.__atalayaTestPglite;
}

export interface TestContext {
  ctx: AppContext;
  clock: ManualClock;
  schema: string;
  database: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * `separate`: on PGlite, a PGlite of its own — one PGlite connection has one search_path, so two contexts open at
 * once (two nodes, an export and an import) cannot share it.
 */
export async function openTestContext(database: TestDatabase, config: Partial<Config> = {}, options: { separate?: boolean } = {}): Promise<TestContext> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-test-'));
  const clock = new ManualClock();
  const ctx = await AppContext.open({
    dataDir,
    databaseUrl: database.url,
    clock,
    config,
    logger: createLogger('silent'),
    database: database.name === 'pglite' ? (options.separate ? { inMemory: true } : { pglite: await sharedPglite(), schema }) : { schema },
  });
  return {
    ctx,
    clock,
    schema,
    database,
    dataDir,
    async close() {
      await ctx.close();
      if (database.name === 'pglite' && options.separate) {
        // its own PGlite closed with the context
      } else if (database.name === 'pglite') {
        const db = await sharedPglite();
        await db.exec(`set search_path to public; drop schema "${schema}" cascade`);
      } else {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query(`drop schema "${schema}" cascade`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a suite once per test database, each with a fresh context (schema, clock, node key). */
export function describeOnStores(title: string, body: (t: () => TestContext) => void, config: Partial<Config> = {}): void {
  for (const database of testDatabases) {
    describe(`${title} [${database.name}]`, () => {
      let t: TestContext | undefined;
      beforeAll(async () => {
        t = await openTestContext(database, config);
      });
      afterAll(async () => {
        await t?.close();
      });
      body(() => {
        if (!t) throw new Error('test context not open');
        return t;
      });
    });
  }
}

/** Runs raw SQL behind the application's back (tests of tampering and of database-level refusals). */
export async function rawSql(t: TestContext, text: string): Promise<unknown[]> {
  if (t.database.name === 'pglite') {
    const db = await sharedPglite();
    const r = await db.exec(`set search_path to "${t.schema}"; ${text}`);
    return r[r.length - 1]?.rows ?? [];
  }
  const client = new pg.Client({ connectionString: t.database.url, options: `-c search_path=${t.schema}` });
  await client.connect();
  try {
    const r = await client.query(text);
    return (Array.isArray(r) ? r[r.length - 1] : r).rows;
  } finally {
    await client.end();
  }
}
