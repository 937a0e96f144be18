import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';
import { migrateToLatest } from './migrate.js';

const url = process.env.DATABASE_URL;

describe('migrations', () => {
  it('migrate an embedded database forwards once: a second run has nothing to do', async () => {
    const database = await openDatabase({ inMemory: true });
    try {
      const first = await migrateToLatest(database.db, undefined, database.pool);
      expect(first.length).toBeGreaterThan(0);
      expect(await migrateToLatest(database.db, undefined, database.pool)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it.runIf(url)('migrate side by side on one PostgreSQL server: several schemas at once, and one schema from two processes at once', async () => {
    // Server processes starting together, and test suites with schemas of their own, migrate concurrently.
    const schemas = [0, 1, 2].map(() => `t_mig_${randomBytes(5).toString('hex')}`);
    const opening = await Promise.allSettled([...schemas, schemas[0]!].map((schema) => openDatabase({ url, schema })));
    const opened = opening.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(opening.filter((r) => r.status === 'rejected')).toEqual([]);
      // Settled, not raced: every run is over before the schemas are dropped.
      const settled = await Promise.allSettled(opened.map((d, k) => migrateToLatest(d.db, [...schemas, schemas[0]!][k], d.pool)));
      expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
      const runs = settled.map((r) => (r.status === 'fulfilled' ? r.value : []));
      // Each schema is migrated exactly once: the second opener of the first schema finds it done.
      expect(runs[0]!.length + runs[3]!.length).toBe(runs[1]!.length);
      expect(Math.min(runs[0]!.length, runs[3]!.length)).toBe(0);
      expect(runs[2]!.length).toBe(runs[1]!.length);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) {
          const tables = await client.query('select count(*)::int n from information_schema.tables where table_schema = $1', [schema]);
          expect(tables.rows[0].n, schema).toBeGreaterThan(5);
        }
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(opened.map((d) => d.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  });
});
