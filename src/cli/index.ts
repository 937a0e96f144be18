// The `atalaya` command line: serve the cell, and administer it without a server.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AppContext } from '../context.js';
import { CLASSIFICATIONS, TLP_LEVELS, type Tlp } from '../domain/envelope.js';
import { DomainError } from '../domain/errors.js';
import { AGENCY_KINDS, ROLES, type AgencyKind, type Role } from '../domain/identity.js';
import { buildApp } from '../http/app.js';
import { ensureConsoleBuilt } from '../http/console.js';
import { createLogger } from '../logger.js';
import { CLI_META, verifyExport, type SignedExport } from '../services/audit-service.js';
import { actorOf, totpCode } from '../services/auth-service.js';
import { readDemoCredentials, seedDemo } from '../services/demo.js';
import { DataDirLockedError } from '../store/lock.js';
import { runMatch } from './match.js';
import cliProgress from 'cli-progress';
import { mappingSchema, SCREENING_CONTEXTS } from '../services/screening-service.js';
import { readOfacCsv, readUnXml, type ListReadResult } from '../interop/lists.js';
import { readInterpolNotices, type NoticeKind } from '../interop/interpol.js';

/** Exit codes: 0 done, 1 failed, 2 refused input (bad arguments or data), 3 data folder in use. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, locked: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

interface StoreOptions {
  data: string;
  databaseUrl?: string;
}

function storeOptions(cmd: Command): StoreOptions {
  const o = cmd.optsWithGlobals<{ data?: string; databaseUrl?: string }>();
  return {
    data: path.resolve(o.data ?? process.env.ATALAYA_DATA_DIR ?? 'data'),
    ...(o.databaseUrl || process.env.DATABASE_URL ? { databaseUrl: o.databaseUrl ?? process.env.DATABASE_URL } : {}),
  };
}

async function withContext<T>(cmd: Command, fn: (ctx: AppContext) => Promise<T>, command = cmd.name()): Promise<T> {
  const o = storeOptions(cmd);
  const ctx = await AppContext.open({
    dataDir: o.data,
    databaseUrl: o.databaseUrl,
    command: `atalaya ${command}`,
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function roles(value: string): Role[] {
  const r = list(value);
  const bad = r.filter((x) => !(ROLES as readonly string[]).includes(x));
  if (bad.length) throw new CliError(`Unknown roles: ${bad.join(', ')} (known: ${ROLES.join(', ')})`);
  return r as Role[];
}

function print(out: NodeJS.WritableStream, rows: Record<string, unknown>[], columns: string[]): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  out.write(`${columns.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
  for (const r of rows) out.write(`${columns.map((c, i) => String(r[c] ?? '').padEnd(widths[i]!)).join('  ')}\n`);
}

async function readPassword(option: string | undefined): Promise<string> {
  if (option) return option;
  if (process.env.ATALAYA_PASSWORD) return process.env.ATALAYA_PASSWORD;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const p = Buffer.concat(chunks).toString('utf8').split('\n')[0]!.trim();
    if (p) return p;
  }
  throw new CliError('Give the password with --password, ATALAYA_PASSWORD, or on standard input');
}

export function buildProgram(out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Command {
  const program = new Command('atalaya')
    .description('Atalaya — the information system of a joint security cell')
    .addOption(new Option('--data <dir>', 'data folder (embedded database, node key)').env('ATALAYA_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL URL instead of the embedded database').env('DATABASE_URL'))
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the cell: API and console; seeds the demo cell into an empty store unless --no-demo')
    .addOption(new Option('--port <n>', 'port to listen on').env('PORT').default('8080'))
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('0.0.0.0'))
    .option('--no-demo', 'do not seed the demo cell into an empty store')
    .action(async (opts: { port: string; host: string; demo: boolean }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`Not a port: ${opts.port}`);
      const o = storeOptions(cmd);
      try {
        await ensureConsoleBuilt((s) => out.write(`${s}\n`));
      } catch (e) {
        err.write(`atalaya: the console could not be built (${(e as Error).message}); serving the API alone\n`);
      }
      const ctx = await AppContext.open({ dataDir: o.data, databaseUrl: o.databaseUrl, command: 'atalaya serve' });
      let seeded = false;
      if (opts.demo && (await ctx.identities.listAgencies()).length === 0) {
        out.write('Empty store: seeding the demo cell (synthetic people only)…\n');
        await seedDemo(ctx);
        seeded = true;
      }
      const app = await buildApp(ctx, { logRequests: process.env.LOG_REQUESTS === '1' });
      await app.listen({ port, host: opts.host });
      // Screenings left queued or running by a stopped server go on.
      const resumed = await ctx.screening.resume();
      if (resumed) out.write(`Resumed ${resumed} screening(s) left unfinished.\n`);
      // Deadlines are data: checked at start (what fell due while stopped) and every few seconds.
      const tick = () => ctx.exchange.tick().catch((e) => ctx.logger.error({ err: e }, 'deadline check failed'));
      await tick();
      const ticker = setInterval(tick, 10_000);
      ticker.unref();
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://localhost:${actualPort}/`;
      out.write(`\nAtalaya is serving at ${url}  (database: ${ctx.database.kind === 'pglite' ? `embedded, ${o.data}` : 'PostgreSQL'})\n`);
      out.write(`API description: ${url}api/openapi.json\n`);
      const logins = readDemoCredentials(ctx.dataDir);
      if (logins?.length) {
        const first = logins.find((l) => l.roles.includes('analyst'))!;
        out.write(
          `\nDemo logins${seeded ? ' (new)' : ''}: ${path.join(ctx.dataDir, 'demo-credentials.json')}\n` +
            `  e.g. ${first.email}  password ${first.password}\n` +
            `  one-time code: add TOTP secret ${first.totpSecret} to an authenticator app, or run\n` +
            `  npx atalaya demo code ${first.email}\n`,
        );
      }
      await new Promise<void>((resolve) => {
        let closing = false;
        const shutdown = async (signal: string) => {
          if (closing) return;
          closing = true;
          out.write(`\n${signal}: finishing requests in flight, then closing the store…\n`);
          clearInterval(ticker);
          await app.close();
          await ctx.close();
          resolve();
        };
        process.once('SIGINT', () => void shutdown('SIGINT'));
        process.once('SIGTERM', () => void shutdown('SIGTERM'));
      });
    });

  program
    .command('migrate')
    .description('create or bring the store’s schema up to date')
    .action(async (_o, cmd: Command) => {
      await withContext(cmd, async (ctx) => out.write(`Store is up to date (${ctx.database.kind}).\n`));
    });

  const country = program.command('country').description('countries of the cell');
  country
    .command('add')
    .requiredOption('--code <CC>', 'ISO 3166 alpha-2 code')
    .requiredOption('--name <name>')
    .requiredOption('--time-zone <tz>', 'IANA time zone, e.g. Europe/Lisbon')
    .action(async (o: { code: string; name: string; timeZone: string }, cmd: Command) => {
      if (!/^[A-Z]{2}$/.test(o.code)) throw new CliError(`Not an ISO 3166 alpha-2 code: ${o.code}`);
      try {
        new Intl.DateTimeFormat('en', { timeZone: o.timeZone });
      } catch {
        throw new CliError(`Unknown time zone: ${o.timeZone}`);
      }
      await withContext(cmd, (ctx) => ctx.identities.upsertCountry('cli', { code: o.code, name: o.name, timeZone: o.timeZone }, CLI_META));
      out.write(`Country ${o.code} saved.\n`);
    });
  country.command('list').action(async (_o, cmd: Command) => {
    await withContext(cmd, async (ctx) => print(out, (await ctx.identities.listCountries()) as never, ['code', 'name', 'timeZone']));
  });

  const agency = program.command('agency').description('agencies of the cell');
  agency
    .command('add')
    .requiredOption('--code <code>', 'e.g. PT-PJ')
    .requiredOption('--country <CC>')
    .requiredOption('--name <name>')
    .addOption(new Option('--kind <kind>').choices(AGENCY_KINDS as unknown as string[]).makeOptionMandatory())
    .action(async (o: { code: string; country: string; name: string; kind: AgencyKind }, cmd: Command) => {
      await withContext(cmd, (ctx) => ctx.identities.addAgency('cli', o, CLI_META));
      out.write(`Agency ${o.code} added.\n`);
    });
  agency.command('list').action(async (_o, cmd: Command) => {
    await withContext(cmd, async (ctx) => print(out, (await ctx.identities.listAgencies()) as never, ['code', 'country', 'kind', 'name']));
  });

  const user = program.command('user').description('users of the cell');
  user
    .command('add')
    .requiredOption('--email <email>')
    .requiredOption('--name <display name>')
    .requiredOption('--agency <code>')
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
    .addOption(new Option('--clearance <level>').choices(CLASSIFICATIONS as unknown as string[]).default('restricted'))
    .option('--password <password>', 'initial password (else ATALAYA_PASSWORD or standard input)')
    .action(async (o: { email: string; name: string; agency: string; roles: string; clearance: string; password?: string }, cmd: Command) => {
      const password = await readPassword(o.password);
      const u = await withContext(cmd, (ctx) =>
        ctx.identities.addUser(
          'cli',
          { email: o.email, displayName: o.name, agency: o.agency, roles: roles(o.roles), clearance: o.clearance as never, password },
          CLI_META,
        ),
      );
      out.write(`User ${u.email} added (${u.roles.join(', ')}); TOTP enrolment happens at first login.\n`);
    });
  user
    .command('list')
    .option('--agency <code>')
    .action(async (o: { agency?: string }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const users = await ctx.identities.listUsers('cli', o.agency ? { agency: o.agency } : {});
        print(
          out,
          users.map((u) => ({ ...u, roles: u.roles.join(','), state: u.disabled ? 'disabled' : u.locked ? 'locked' : u.mfaEnrolled ? 'active' : 'mfa-pending' })),
          ['email', 'agency', 'roles', 'clearance', 'state', 'displayName'],
        );
      });
    });
  user
    .command('disable <email>')
    .description('disable an account; its sessions and tokens end at once')
    .action(async (email: string, _o, cmd: Command) => {
      await withContext(cmd, (ctx) => ctx.identities.disableUser('cli', email, CLI_META));
      out.write(`User ${email} disabled.\n`);
    });
  user
    .command('reset-mfa <email>')
    .description('forget the user’s TOTP secret; they enrol again at next login')
    .action(async (email: string, _o, cmd: Command) => {
      await withContext(cmd, (ctx) => ctx.identities.resetMfa('cli', email, CLI_META));
      out.write(`TOTP of ${email} reset: they enrol again at next login.\n`);
    });

  program
    .command('token')
    .description('API tokens for scripts and machine clients')
    .command('create')
    .requiredOption('--user <email>', 'the user the client acts as')
    .option('--name <name>', 'what the token is for', 'machine client')
    .option('--roles <roles>', 'narrow the token to some of the user’s roles')
    .option('--days <n>', 'expires after n days')
    .action(async (o: { user: string; name: string; roles?: string; days?: string }, cmd: Command) => {
      const days = o.days === undefined ? undefined : Number(o.days);
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new CliError(`--days must be a positive whole number`);
      const t = await withContext(cmd, (ctx) =>
        ctx.auth.createApiToken('cli', { email: o.user, name: o.name, roles: o.roles ? roles(o.roles) : undefined, expiresInDays: days }, CLI_META),
      );
      // The token goes to stdout alone, so that scripts can capture it; it is shown once and never again.
      out.write(`${t.token}\n`);
      err.write(`Token ${t.id} for ${o.user} (${t.agency}; ${t.roles.join(', ')}${t.expiresAt ? `; expires ${t.expiresAt.toISOString()}` : ''}). Keep it secret: it is not shown again.\n`);
    });

  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain (or check an exported file with --file)')
    .option('--file <export.json>', 'verify an exported file instead of the store')
    .option('--public-key <pem file>', 'with --file: the node public key you trust')
    .action(async (o: { file?: string; publicKey?: string }, cmd: Command) => {
      if (o.file) {
        let file: SignedExport;
        try {
          file = JSON.parse(fs.readFileSync(o.file, 'utf8'));
        } catch (e) {
          throw new CliError(`Cannot read ${o.file}: ${(e as Error).message}`);
        }
        if (file.format !== 'atalaya-audit-export/v1' || !Array.isArray(file.entries)) throw new CliError(`${o.file} is not an Atalaya audit export`);
        const r = verifyExport(file, o.publicKey ? fs.readFileSync(o.publicKey, 'utf8') : undefined);
        if (!r.ok) {
          throw new CliError(
            r.firstBroken
              ? `BROKEN at entry ${r.firstBroken.seq} (${r.firstBroken.reason}); ${r.checked} entries verified before it`
              : `Chain of ${r.checked} entries holds, but the head signature is NOT valid`,
            EXIT.failed,
          );
        }
        out.write(`OK: ${r.checked} entries, head ${r.headSeq} ${r.headHash} signed by key ${file.keyId}\n`);
        return;
      }
      await withContext(cmd, async (ctx) => {
        const r = await ctx.audit.verify();
        if (!r.ok) {
          throw new CliError(
            r.firstBroken
              ? `BROKEN at entry ${r.firstBroken.seq} (${r.firstBroken.reason}); ${r.checked} entries verified before it`
              : `Chain of ${r.checked} entries holds, but the signed head ${r.signedHead?.seq} does not match it`,
            EXIT.failed,
          );
        }
        const head = await ctx.audit.signCurrentHead();
        out.write(`OK: ${r.checked} entries; head ${head?.seq ?? '-'} ${head?.hash ?? ''} signed with node key ${ctx.nodeKey.keyId}\n`);
      });
    });
  audit
    .command('export')
    .description('write the whole trail as a signed, verifiable file')
    .requiredOption('--out <file>', 'where to write it (- for standard output)')
    .action(async (o: { out: string }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const r = await ctx.audit.verify();
        if (!r.ok) throw new CliError(`The stored chain is broken at entry ${r.firstBroken?.seq}: not exporting`, EXIT.failed);
        const file = await ctx.audit.export();
        const text = `${JSON.stringify(file, null, 1)}\n`;
        if (o.out === '-') out.write(text);
        else {
          fs.writeFileSync(o.out, text);
          err.write(`Wrote ${file.entries.length} entries to ${o.out}, head signed with key ${file.keyId}\n`);
        }
      });
    });

  program
    .command('export')
    .description('export the cell’s items as its own JSON (all of them, or what --as USER may export)')
    .addOption(new Option('--format <format>', 'the cell’s own JSON, or a STIX 2.1 bundle').choices(['json', 'stix']).default('json'))
    .requiredOption('--out <file>', 'where to write it (- for standard output)')
    .option('--as <email>', 'export only what this user may export, under the policy')
    .option('--justification <text>', 'why (required with --as when personal data is exported)')
    .option('--kinds <kinds>', 'comma-separated kinds (default: all)')
    .action(async (o: { out: string; as?: string; justification?: string; kinds?: string; format: 'json' | 'stix' }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        let as = null;
        if (o.as) {
          const user = await ctx.store.identities.findUserByEmail(o.as);
          if (!user) throw new CliError(`No user ${o.as}`);
          as = actorOf(user);
        }
        if (o.format === 'stix') {
          const bundle = await ctx.stix.exportBundle(as, { ...CLI_META, justification: o.justification ?? null }, o.kinds ? { kinds: list(o.kinds) } : {});
          const text = `${JSON.stringify(bundle, null, 1)}\n`;
          if (o.out === '-') out.write(text);
          else {
            fs.writeFileSync(o.out, text);
            err.write(`Wrote a STIX 2.1 bundle of ${bundle.objects.length} objects to ${o.out}\n`);
          }
          return;
        }
        const file = await ctx.transfer.export(as, { ...CLI_META, justification: o.justification ?? null }, o.kinds ? { kinds: list(o.kinds) } : {});
        const text = `${JSON.stringify(file, null, 1)}\n`;
        if (o.out === '-') out.write(text);
        else {
          fs.writeFileSync(o.out, text);
          err.write(`Wrote ${file.items.length} items to ${o.out}\n`);
        }
      });
    });

  const importer = program.command('import').description('bring data into the cell: its own JSON, or published lists');
  importer
    .command('json <file>')
    .description('the cell’s own JSON export: idempotent by id and version, all or nothing')
    .action(async (file: string, _o, cmd: Command) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
      }
      await withContext(cmd, async (ctx) => {
        const r = await ctx.transfer.import(raw, CLI_META);
        out.write(`Imported ${file}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.newerInStore} newer in the store (kept)\n`);
      });
    });
  importer
    .command('stix <file>')
    .description('a STIX 2.1 bundle (or one object): our objects keep their envelope, others are recorded for --originator; all or nothing')
    .option('--originator <agency>', 'the agency that records objects from other systems')
    .option('--reoriginate', 'record even objects carrying an Atalaya envelope as --originator’s (data from another cell)')
    .addOption(new Option('--tlp <tlp>', 'TLP for objects that carry none').choices([...TLP_LEVELS]).default('amber'))
    .option('--release-to <countries>', 'countries to release objects from other systems to (default: none)')
    .option('--dry-run', 'check and report, write nothing')
    .action(async (file: string, o: { originator?: string; reoriginate?: boolean; tlp: Tlp; releaseTo?: string; dryRun?: boolean }, cmd: Command) => {
      let text: string;
      try {
        const size = fs.statSync(file).size;
        if (size > 1024 * 1024 * 1024) throw new Error(`${(size / 1e6).toFixed(0)} MB is not a bundle this command reads`);
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
      }
      await withContext(cmd, async (ctx) => {
        if (o.originator && !(await ctx.store.identities.findAgency(o.originator))) throw new CliError(`No agency ${o.originator}`);
        const r = await ctx.stix.importBundle(text, CLI_META, {
          ...(o.originator ? { originator: o.originator } : {}),
          reoriginate: !!o.reoriginate,
          dryRun: !!o.dryRun,
          source: path.basename(file),
          defaults: { tlp: o.tlp, ...(o.releaseTo ? { releaseTo: { countries: list(o.releaseTo), agencies: [] } } : {}) },
        });
        out.write(
          `${o.dryRun ? 'Dry run (nothing written): would import' : 'Imported'} ${file}: ${r.objects} objects, ${r.mapped} records — ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.newerInStore} newer in the store (kept)\n`,
        );
        for (const u of r.unmapped) out.write(`  not imported: ${u.count} ${u.type} — ${u.examples[0]?.reason ?? ''}\n`);
        for (const n of r.notes.slice(0, 20)) out.write(`  ${n.stixId}: ${n.notes.join('; ')}\n`);
      });
    });

  importer
    .command('persons <file>')
    .description('persons of interest from a CSV or JSON file, with a column mapping; rejected rows reported by line')
    .requiredOption('--as <email>', 'the analyst who imports, for the agency that will own the records')
    .requiredOption('--map <mapping>', 'field=Column pairs: name (required), aliases, dob, nationality, gender, document, documentType, documentCountry, reference, note')
    .addOption(new Option('--format <format>').choices(['csv', 'json']).default('csv'))
    .requiredOption('--subject-category <category>', 'suspect, contact, witness, …')
    .requiredOption('--legal-basis <text>', 'why the cell may hold these records')
    .requiredOption('--purpose <text>', 'what they are for')
    .option('--release-to <countries>', 'countries to release the records to', '')
    .addOption(new Option('--tlp <tlp>').choices([...TLP_LEVELS]).default('amber'))
    .addOption(new Option('--handling <code>').choices(['H0', 'H1', 'H2']).default('H1'))
    .addOption(new Option('--classification <level>').choices([...CLASSIFICATIONS]).default('restricted'))
    .option('--alert-kind <kind>', 'also record an alert of this kind for each new person')
    .option('--action-on-hit <text>', 'the alert’s action on hit')
    .option('--dry-run', 'report what would be imported and every row that would be rejected; write nothing')
    .action(async (file: string, o: { as: string; map: string; format: 'csv' | 'json'; subjectCategory: string; legalBasis: string; purpose: string; releaseTo: string; tlp: Tlp; handling: 'H0' | 'H1' | 'H2'; classification: string; alertKind?: string; actionOnHit?: string; dryRun?: boolean }, cmd: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
      }
      const mapping: Record<string, string> = {};
      for (const pair of o.map.split(',')) {
        const [k, ...v] = pair.split('=');
        if (!k?.trim() || !v.join('=').trim()) throw new CliError(`--map: "${pair}" is not field=Column`);
        mapping[k.trim()] = v.join('=').trim();
      }
      if (!!o.alertKind !== !!o.actionOnHit) throw new CliError('--alert-kind and --action-on-hit go together');
      let rejected = 0;
      await withContext(cmd, async (ctx) => {
        const user = await ctx.store.identities.findUserByEmail(o.as);
        if (!user) throw new CliError(`No user ${o.as}`);
        const r = await ctx.recordImport.importPersons(
          actorOf(user),
          text,
          {
            format: o.format,
            mapping: mapping as never,
            envelope: {
              releaseTo: { countries: o.releaseTo ? list(o.releaseTo) : [], agencies: [] },
              classification: o.classification as never,
              handling: { code: o.handling },
              tlp: o.tlp,
              subjectCategory: o.subjectCategory as never,
              legalBasis: o.legalBasis,
              purpose: o.purpose,
            },
            ...(o.alertKind ? { alert: { alertKind: o.alertKind as never, actionOnHit: o.actionOnHit! } } : {}),
            dryRun: !!o.dryRun,
            source: path.basename(file),
          },
          { ...CLI_META, justification: `Import of ${path.basename(file)}` },
        );
        out.write(
          `${r.dryRun ? 'Dry run (nothing written): would import' : 'Imported'} ${file}: ${r.rows} rows — ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected.length} rejected` +
            `${r.alertsCreated ? `, ${r.alertsCreated} alerts` : ''}\n`,
        );
        for (const x of r.rejected) err.write(`${file}:${x.line}: rejected: ${x.reason}\n`);
        rejected = r.rejected.length;
      });
      if (rejected) throw new CliError(`${rejected} row(s) rejected (listed above)${o.dryRun ? '' : '; the others were imported'}`);
    });

  const taxii = program.command('taxii').description('TAXII 2.1: pull a partner’s collection into the cell');
  taxii
    .command('pull <url>')
    .description('pull a collection (resumable: a later pull continues where the last one stopped)')
    .requiredOption('--collection <id>', 'the collection id')
    .requiredOption('--originator <agency>', 'the agency of this cell that records what is pulled')
    .option('--token <token>', 'the API token the server gave (default: $ATALAYA_TAXII_TOKEN)')
    .option('--limit <n>', 'objects per page', '200')
    .option('--max-pages <n>', 'stop after this many pages')
    .option('--restart', 'start from the beginning, not from the saved point')
    .action(async (url: string, o: { collection: string; originator: string; token?: string; limit: string; maxPages?: string; restart?: boolean }, cmd: Command) => {
      const token = o.token ?? process.env.ATALAYA_TAXII_TOKEN;
      if (!token) throw new CliError('Give the server’s API token: --token or ATALAYA_TAXII_TOKEN');
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a positive whole number');
      const maxPages = o.maxPages === undefined ? undefined : Number(o.maxPages);
      if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) throw new CliError('--max-pages must be a positive whole number');
      await withContext(cmd, async (ctx) => {
        if (!(await ctx.store.identities.findAgency(o.originator))) throw new CliError(`No agency ${o.originator}`);
        const r = await ctx.taxiiPull.pull({
          url,
          collection: o.collection,
          token,
          originator: o.originator,
          limit,
          ...(maxPages ? { maxPages } : {}),
          restart: !!o.restart,
          meta: { ...CLI_META, justification: `TAXII pull of ${url} collection ${o.collection}` },
          onPage: (p) => err.write(`  page ${p.page}: ${p.objects} objects, ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged\n`),
        });
        out.write(
          `Pulled ${r.objects} objects in ${r.pages} page(s) from ${r.apiRoot} collection ${r.collection}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ` +
            `${r.more ? 'more to pull (run again)' : 'up to date'}; next pull from ${r.addedAfter ?? 'the beginning'}\n`,
        );
        for (const [type, count] of Object.entries(r.unmapped)) out.write(`  not imported: ${count} ${type}\n`);
      });
    });

  const listOptions = (c: Command) =>
    c
      .requiredOption('--as <email>', 'the analyst who imports, for the agency that will own the records')
      .option('--release-to <countries>', 'countries to release the records to', 'MA,FR,ES,BE');
  const runListImport = async (
    cmd: Command,
    o: { as: string; releaseTo: string },
    source: 'un-sc' | 'ofac-sdn' | 'interpol',
    read: () => Promise<ListReadResult & { kinds?: Map<string, NoticeKind> }>,
  ) => {
    let result: ListReadResult & { kinds?: Map<string, NoticeKind> };
    try {
      result = await read();
    } catch (e) {
      throw new CliError(`Cannot read the list: ${(e as Error).message}`);
    }
    await withContext(cmd, async (ctx) => {
      const user = await ctx.store.identities.findUserByEmail(o.as);
      if (!user) throw new CliError(`No user ${o.as}`);
      const r = await ctx.lists.import(actorOf(user), source, result.persons, {
        releaseTo: { countries: list(o.releaseTo), agencies: [] },
        meta: { ...CLI_META, justification: `Import of the ${source} list` },
        // Interpol answers page by page: a page that lacks a notice does not mean it was withdrawn.
        ...(result.kinds ? { noticeKinds: result.kinds, partial: true } : {}),
      });
      out.write(
        `${source}: ${r.persons} persons (${result.entitiesSkipped} entities left out): ${r.created.length} created, ${r.updated.length} updated, ` +
          `${r.unchanged} unchanged, ${r.delisted.length} delisted (${r.alertsClosed} alerts closed), ${r.skipped.length} skipped\n`,
      );
      for (const s of r.skipped.slice(0, 50)) err.write(`  skipped ${s.reference}: ${s.reason}\n`);
    });
  };
  listOptions(importer.command('un-xml <file>').description('the UN Security Council consolidated list (XML)')).action(
    async (file: string, o: { as: string; releaseTo: string }, cmd: Command) =>
      runListImport(cmd, o, 'un-sc', async () => readUnXml(fs.readFileSync(file, 'utf8'))),
  );
  listOptions(importer.command('interpol <file>').description('Interpol notices JSON (a list response with _embedded.notices, or one notice)'))
    .addOption(new Option('--kind <kind>', 'the notices’ kind when their links do not say').choices(['red', 'yellow', 'un']).default('red'))
    .action(async (file: string, o: { as: string; releaseTo: string; kind: NoticeKind }, cmd: Command) =>
      runListImport(cmd, o, 'interpol', async () => readInterpolNotices(JSON.parse(fs.readFileSync(file, 'utf8')), o.kind)),
    );
  listOptions(importer.command('ofac-csv <sdn> [alt]').description('the OFAC SDN list, legacy CSV (sdn.csv and alt.csv)')).action(
    async (sdn: string, alt: string | undefined, o: { as: string; releaseTo: string }, cmd: Command) =>
      runListImport(cmd, o, 'ofac-sdn', () => readOfacCsv(sdn, alt)),
  );

  program
    .command('match')
    .description('match queries against a watchlist, without a server: JSON lines in, JSON lines out, in input order')
    .requiredOption('--watchlist <file>', 'JSON lines: {"id", "name" | "names", "dob"?, "nationality"?, "documents"?, "gender"?}')
    .requiredOption('--queries <file>', 'JSON lines: {"qid", "name", "dob"?, "nationality"?, "documents"?, "gender"?}')
    .option('--top <n>', 'results per query', '10')
    .option('--threads <n>', 'worker threads (each holds its own index)', '1')
    .action(async (o: { watchlist: string; queries: string; top: string; threads: string }) => {
      const top = Number(o.top);
      const threads = Number(o.threads);
      if (!Number.isInteger(top) || top < 1 || top > 1000) throw new CliError('--top must be a whole number from 1 to 1000');
      if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new CliError('--threads must be a whole number from 1 to 64');
      for (const f of [o.watchlist, o.queries]) if (!fs.existsSync(f)) throw new CliError(`No such file: ${f}`);
      const r = await runMatch({
        watchlist: o.watchlist,
        queries: o.queries,
        top,
        threads,
        out,
        onProblem: (p) => err.write(`${p.file}:${p.line}: skipped: ${p.reason}\n`),
      });
      if (r.problems) throw new CliError(`${r.problems} line(s) skipped (see above); ${r.queries} queries matched`, EXIT.badInput);
    });

  program
    .command('screen <file>')
    .description('screen a list (CSV with a header row, or JSON lines) against what a user may see, with a progress bar')
    .requiredOption('--as <email>', 'the officer who screens (the watchlist is what this user may see)')
    .requiredOption('--justification <text>', 'why this list is screened')
    .option('--name <name>', 'a name for the list (default: the file name)')
    .option('--context <context>', 'passenger-manifest, hotel-register, event-accreditation or other', 'other')
    .option('--map <mapping>', 'columns: name=Full Name[+Other],dob=DOB,nationality=Nat,document=Passport,gender=Sex', 'name=name')
    .action(async (file: string, o: { as: string; justification: string; name?: string; context: string; map: string }, cmd: Command) => {
      if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
      const mapping: Record<string, string | string[]> = {};
      for (const pair of o.map.split(',')) {
        const [k, v] = pair.split('=').map((x) => x?.trim());
        if (!k || !v) throw new CliError(`Bad --map entry: ${pair} (expected key=Column)`);
        mapping[k] = k === 'name' && v.includes('+') ? v.split('+').map((x) => x.trim()) : v;
      }
      const parsed = mappingSchema.safeParse(mapping);
      if (!parsed.success) throw new CliError(`Bad --map: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (!(SCREENING_CONTEXTS as readonly string[]).includes(o.context)) throw new CliError(`--context must be one of ${SCREENING_CONTEXTS.join(', ')}`);
      await withContext(cmd, async (ctx) => {
        const user = await ctx.store.identities.findUserByEmail(o.as);
        if (!user) throw new CliError(`No user ${o.as}`);
        const bar = new cliProgress.SingleBar(
          { format: 'screening |{bar}| {percentage}% {value}/{total} rows | {rps} rows/s | ETA {eta_formatted} | {hits} hits', hideCursor: true, stream: err as NodeJS.WriteStream },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        const onProgress = (_id: string, p: { rowsDone: number; rowsTotal: number; rowsPerSecond: number; hits: number }) => {
          if (!started) {
            bar.start(p.rowsTotal, 0, { rps: 0, hits: 0 });
            started = true;
          }
          bar.update(p.rowsDone, { rps: p.rowsPerSecond, hits: p.hits });
        };
        ctx.screening.progress.on('progress', onProgress);
        const meta = { ...CLI_META, justification: o.justification };
        const format = /\.jsonl?$|\.ndjson$/i.test(file) ? 'jsonl' : 'csv';
        const p = await ctx.screening.upload(
          actorOf(user),
          { name: o.name ?? path.basename(file), context: o.context as never, format, mapping: parsed.data },
          fs.createReadStream(file),
          meta,
        );
        await ctx.screening.whenDone(p.listId);
        ctx.screening.progress.off('progress', onProgress);
        if (started) bar.stop();
        const done = await ctx.screening.status(actorOf(user), p.listId);
        for (const r of done.rejected) err.write(`${file}:${r.line}: skipped: ${r.reason}\n`);
        out.write(`Screened ${done.rowsDone} rows (${done.rowsRejected} rejected): ${done.hits} candidate hits to review. List ${p.listId}\n`);
        const hits = await ctx.screening.hits(actorOf(user), { listId: p.listId, decision: 'pending', limit: 20 }, meta);
        for (const h of hits) out.write(`  ${h.hit.band.padEnd(8)} ${h.hit.score.toFixed(3)}  line ${h.row?.line}: ${String(h.row?.query.name)} ~ ${h.subject?.title ?? '(no longer visible)'}\n`);
        if (done.rowsRejected) throw new CliError(`${done.rowsRejected} row(s) could not be screened (see above)`, EXIT.badInput);
      });
    });

  const demo = program.command('demo').description('the synthetic demo cell');
  demo
    .command('seed')
    .description('seed the demo cell into an empty store; logins go to <data>/demo-credentials.json')
    .action(async (_o, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        if ((await ctx.identities.listAgencies()).length) throw new CliError('The store is not empty: the demo seeds only an empty cell');
        const logins = await seedDemo(ctx);
        out.write(`Demo cell seeded: ${logins.length} users. Logins in ${path.join(ctx.dataDir, 'demo-credentials.json')}\n`);
      });
    });
  demo
    .command('code <email>')
    .description('print the current one-time code of a demo user (from demo-credentials.json)')
    .action(async (email: string, _o, cmd: Command) => {
      const logins = readDemoCredentials(storeOptions(cmd).data);
      const login = logins?.find((l) => l.email === email.toLowerCase());
      if (!login) throw new CliError(`No demo login ${email} in ${path.join(storeOptions(cmd).data, 'demo-credentials.json')}`);
      out.write(`${totpCode(login.totpSecret)}\n`);
    });

  return program;
}

/** Runs the command line; returns the exit code. Errors are printed as one clear line, never a stack. */
export async function run(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const program = buildProgram(out, err);
  program.configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof CliError) {
      err.write(`atalaya: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof DataDirLockedError) {
      err.write(`atalaya: ${e.message}\n`);
      return EXIT.locked;
    }
    if (e instanceof DomainError) {
      const details = e.details ? ` ${JSON.stringify(e.details)}` : '';
      err.write(`atalaya: ${e.message}${details}\n`);
      return e.status >= 500 ? EXIT.failed : EXIT.badInput;
    }
    err.write(`atalaya: ${(e as Error).message ?? String(e)}\n`);
    return EXIT.failed;
  }
}
