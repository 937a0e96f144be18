import { Migrator, type Kysely } from 'kysely';
import type pg from 'pg';
import { withSchemaLock } from './db.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Migrates forwards. On a PostgreSQL server (`pool`), under a session advisory lock: two server processes that
 * start at once on one database (or test suites migrating schemas of their own side by side) would otherwise race
 * in the migrator's own set-up, which Kysely does before it takes its lock.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string, pool?: pg.Pool): Promise<string[]> {
  return pool ? withSchemaLock(pool, () => migrate(db, schema)) : migrate(db, schema);
}

async function migrate(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
