// Timestamped migrations, in order. They run forwards on PGlite and PostgreSQL 15+ alike.
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './20261129T1900-foundation.js';

export const migrations: Record<string, Migration> = {
  '20261129T1900-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
