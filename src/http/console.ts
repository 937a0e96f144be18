// The operator console (web/, React + Vite) served by the same server: hashed assets with a one-year immutable
// cache, index.html never cached (the console routes by #hash: all of it is `/`). `npm start` builds it first
// when the build is missing or older than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'dist', 'web');
const SOURCE_DIR = path.join(PROJECT_ROOT, 'web');

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** True when dist/web is missing or older than web/ (or vite.config.ts). */
export function consoleIsStale(): boolean {
  const index = path.join(CONSOLE_DIR, 'index.html');
  if (!fs.existsSync(SOURCE_DIR)) return false; // a packaged install ships the build only
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return newest(SOURCE_DIR) > built || fs.statSync(path.join(PROJECT_ROOT, 'vite.config.ts')).mtimeMs > built;
}

/** Builds the console with Vite when it is stale; returns whether it built. */
export async function ensureConsoleBuilt(log: (s: string) => void = () => undefined): Promise<boolean> {
  if (!consoleIsStale()) return false;
  log('Building the console (web/ → dist/web)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), root: SOURCE_DIR, logLevel: 'warn' });
  return true;
}

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const index = path.join(CONSOLE_DIR, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/', { schema: { hide: true }, config: { public: true } }, async (_req, reply) =>
      reply.type('text/plain').send('Atalaya API. The console is not built: run `npm start` (it builds it) or `npx vite build`.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: path.join(CONSOLE_DIR, 'assets'),
    prefix: '/assets/',
    index: false,
    wildcard: true,
    immutable: true,
    maxAge: '365d',
    cacheControl: true,
  });
  const html = () => fs.readFileSync(index);
  const sendIndex = (reply: import('fastify').FastifyReply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html());
  app.get('/', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => sendIndex(reply));
  app.get('/index.html', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => sendIndex(reply));
}
