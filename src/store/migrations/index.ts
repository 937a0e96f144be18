// Timestamped migrations, in order. They run forwards on PGlite and PostgreSQL 15+ alike.
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './20261129T1900-foundation.js';
import * as records from './20261129T2000-records.js';
import * as screening from './20261129T2030-screening.js';
import * as exchange from './20261129T2100-exchange.js';

export const migrations: Record<string, Migration> = {
  '20261129T1900-foundation': foundation,
  '20261129T2000-records': records,
  '20261129T2030-screening': screening,
  '20261129T2100-exchange': exchange,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
