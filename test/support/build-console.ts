// Vitest global setup: build the console once, before any test file runs, so that the server tests and the
// browser tests (in parallel workers) never build it at the same time.
import { ensureConsoleBuilt } from '../../src/http/console.js';

export default async function setup(): Promise<void> {
  await ensureConsoleBuilt();
}
