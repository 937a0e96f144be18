// The fresh-clone experience: `npm start` serves a seeded cell on PGlite in a data folder, login works through
// the API, a restart keeps the data, and a second process cannot open the same folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/services/auth-service.js';

const BIN = path.resolve('bin/atalaya.mjs');
const env = { ...process.env, DATABASE_URL: '', ATALAYA_DATA_DIR: '', LOG_LEVEL: 'warn' };
delete (env as Record<string, string | undefined>).DATABASE_URL;

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
    const poll = setInterval(() => {
      const m = /serving at (http:\/\/localhost:\d+\/)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 100);
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function login(url: string, email: string, password: string, secret: string, at = new Date()) {
  const res = await fetch(`${url}api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, totp: totpCode(secret, at) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

describe('npm start on a fresh data folder', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-serve-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the demo cell, prints where to log in, serves the API; restart keeps the data; one process per folder', async () => {
    const first = await serve(dataDir);
    expect(first.output()).toMatch(/Demo logins \(new\)/);
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')).logins as {
      email: string;
      password: string;
      totpSecret: string;
      roles: string[];
      agency: string;
    }[];
    expect(new Set(creds.map((c) => c.agency)).size).toBe(8);
    for (const role of ['duty_officer', 'analyst', 'liaison_officer', 'supervisor', 'admin', 'auditor']) {
      expect(creds.some((c) => c.roles.includes(role))).toBe(true);
    }
    expect(first.output()).toContain(creds.find((c) => c.roles.includes('analyst'))!.email);
    expect((await fetch(`${first.url}healthz`)).status).toBe(200);
    // `serve` built the console (or found it built) and serves it at /, its assets cached for a year.
    const page = await fetch(first.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${first.url}${asset.slice(1)}`)).headers.get('cache-control')).toContain('immutable');
    expect(await (await fetch(`${first.url}readyz`)).json()).toMatchObject({ status: 'ready', database: 'pglite' });
    const analyst = creds.find((c) => c.email === 'analyst@ma-dgst.atalaya.test')!;
    const session = await login(first.url, analyst.email, analyst.password, analyst.totpSecret);
    expect(session.status).toBe(200);
    const notes = await fetch(`${first.url}api/notes`, { headers: { cookie: session.cookie } });
    const total = ((await notes.json()) as { total: number }).total;
    expect(total).toBeGreaterThan(0);

    // A second process is kept out of the folder, with the holder named.
    const second = spawnSync(process.execPath, [BIN, '--data', dataDir, 'migrate'], { env, encoding: 'utf8' });
    expect(second.status).toBe(3);
    expect(second.stderr).toContain(`in use by process ${first.child.pid}`);

    expect(await stop(first.child)).toBe(0);
    const again = await serve(dataDir);
    expect(again.output()).not.toMatch(/seeding/);
    const next = await login(again.url, analyst.email, analyst.password, analyst.totpSecret, new Date(Date.now() + 31_000));
    expect(next.status).toBe(200);
    const after = await fetch(`${again.url}api/notes`, { headers: { cookie: next.cookie } });
    expect(((await after.json()) as { total: number }).total).toBe(total);
    const openapi = (await (await fetch(`${again.url}api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/notes', '/api/notes/{id}', '/api/audit']));
    expect(await stop(again.child)).toBe(0);

    const verify = spawnSync(process.execPath, [BIN, '--data', dataDir, 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^OK: \d+ entries/);
  }, 240_000);
});
