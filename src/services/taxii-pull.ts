// TAXII 2.1 client: pulls a collection page by page into the cell, each page imported all or nothing through the
// STIX import, recorded as a chosen originator of this cell. Resumable: after each page the newest date_added is
// kept (node_meta), and the next pull asks for what was added after it — a pull cut short loses nothing.
import { ValidationError } from '../domain/errors.js';
import type { Store } from '../store/store.js';
import type { RequestMeta } from './audit-service.js';
import type { StixService } from './stix-service.js';
import { TAXII_MEDIA_TYPE } from './taxii-service.js';

export interface PullOptions {
  /** The API root (e.g. https://cell.example/taxii2/cell/) or the server's discovery URL (its default root is used). */
  url: string;
  collection: string;
  token: string;
  /** The agency of this cell recorded as originator of what is pulled. */
  originator: string;
  /** Objects per page asked of the server. */
  limit?: number;
  /** Stop after this many pages (the next pull resumes). */
  maxPages?: number;
  /** Start again from the beginning rather than from the saved point. */
  restart?: boolean;
  meta: RequestMeta;
  onPage?(p: { page: number; objects: number; created: number; updated: number; unchanged: number }): void;
  fetch?: typeof fetch;
}

export interface PullReport {
  apiRoot: string;
  collection: string;
  pages: number;
  objects: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: Record<string, number>;
  /** The point the next pull starts from. */
  addedAfter: string | null;
  more: boolean;
}

export class TaxiiClientError extends ValidationError {}

interface Cursor {
  addedAfter: string;
  objects: number;
  pulledAt: string;
}

export class TaxiiPuller {
  constructor(
    private readonly store: Store,
    private readonly stix: StixService,
    private readonly now: () => Date,
  ) {}

  private async get(f: typeof fetch, url: string, token: string): Promise<{ body: any; headers: Headers }> {
    let res: Response;
    try {
      res = await f(url, { headers: { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new TaxiiClientError(`Cannot reach ${url}: ${(e as Error).message}`, undefined, 'taxii_unreachable');
    }
    const text = await res.text();
    let body: any = null;
    try {
      // The same limits as any bundle (size, depth), before parsing: a page is imported as parsed here.
      body = text ? this.stix.parseText(text) : null;
    } catch (e) {
      if (res.ok) throw e;
    }
    if (!res.ok) throw new TaxiiClientError(`TAXII server answered ${res.status} for ${url}: ${body?.title ?? text.slice(0, 200)}`, body ?? undefined, 'taxii_error');
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('application/taxii+json')) throw new TaxiiClientError(`${url} did not answer in ${TAXII_MEDIA_TYPE} (got ${type || 'no content type'})`, undefined, 'taxii_error');
    if (body === null || typeof body !== 'object') throw new TaxiiClientError(`${url} did not answer with a JSON object`, undefined, 'taxii_error');
    return { body, headers: res.headers };
  }

  /** Finds the API root: the URL itself when it is one, else the discovery document's default. */
  private async apiRoot(f: typeof fetch, url: string, token: string): Promise<string> {
    const u = url.endsWith('/') ? url : `${url}/`;
    const { body } = await this.get(f, u, token);
    if (Array.isArray(body.versions)) return u;
    if (typeof body.default === 'string') return new URL(body.default, u).toString();
    if (Array.isArray(body.api_roots) && typeof body.api_roots[0] === 'string') return new URL(body.api_roots[0], u).toString();
    throw new TaxiiClientError(`${u} is neither a TAXII 2.1 discovery endpoint nor an API root`, undefined, 'taxii_error');
  }

  async pull(o: PullOptions): Promise<PullReport> {
    const f = o.fetch ?? fetch;
    const root = await this.apiRoot(f, o.url, o.token);
    const key = `taxii-cursor:${root}|${o.collection}`;
    const saved = o.restart ? undefined : await this.store.getMeta(key);
    const cursor: Cursor | null = saved ? (JSON.parse(saved) as Cursor) : null;
    const report: PullReport = { apiRoot: root, collection: o.collection, pages: 0, objects: 0, created: 0, updated: 0, unchanged: 0, unmapped: {}, addedAfter: cursor?.addedAfter ?? null, more: false };

    // Resume a millisecond before the saved point: objects added in that same millisecond on a page not yet
    // pulled are fetched again rather than missed; what was already imported comes back as unchanged.
    const from = cursor ? new Date(new Date(cursor.addedAfter).getTime() - 1).toISOString() : null;
    const limit = o.limit ?? 200;
    let next: string | undefined;
    do {
      const q = new URLSearchParams({ limit: String(limit) });
      if (from) q.set('added_after', from);
      if (next) q.set('next', next);
      const url = `${root}collections/${encodeURIComponent(o.collection)}/objects/?${q}`;
      const { body, headers } = await this.get(f, url, o.token);
      const objects = Array.isArray(body.objects) ? body.objects : [];
      if (objects.length) {
        const r = await this.stix.importBundle({ type: 'bundle', objects }, o.meta, {
          originator: o.originator,
          reoriginate: true,
          source: `TAXII ${root}collections/${o.collection}/`,
        });
        report.created += r.created;
        report.updated += r.updated;
        report.unchanged += r.unchanged;
        report.objects += objects.length;
        for (const u of r.unmapped) report.unmapped[u.type] = (report.unmapped[u.type] ?? 0) + u.count;
        o.onPage?.({ page: report.pages + 1, objects: objects.length, created: r.created, updated: r.updated, unchanged: r.unchanged });
      }
      const last = headers.get('x-taxii-date-added-last');
      if (last && (!report.addedAfter || last > report.addedAfter)) {
        report.addedAfter = last;
        await this.store.setMeta(key, JSON.stringify({ addedAfter: last, objects: (cursor?.objects ?? 0) + report.objects, pulledAt: this.now().toISOString() } satisfies Cursor));
      }
      report.pages++;
      report.more = body.more === true;
      next = report.more && typeof body.next === 'string' ? body.next : undefined;
      if (report.more && !next) throw new TaxiiClientError('The server says there is more but gives no "next"', undefined, 'taxii_error');
    } while (next && (!o.maxPages || report.pages < o.maxPages));
    return report;
  }
}
