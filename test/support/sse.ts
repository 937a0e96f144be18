// A small server-sent-events client for tests and the benchmark: connects, parses events, reconnects on demand.
import http from 'node:http';

export interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  #req: http.ClientRequest | null = null;
  #waiters: { n: number; resolve: () => void }[] = [];
  connected = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  connect(lastEventId?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(this.url, { headers: { accept: 'text/event-stream', ...this.headers, ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        this.connected = true;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            if (block.startsWith(':') || block.startsWith('retry')) {
              if (block.includes('connected as')) resolve();
              continue;
            }
            let id = 0;
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) id = Number(line.slice(4));
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            this.events.push({ id, event, data: data ? JSON.parse(data) : {} });
            this.#waiters = this.#waiters.filter((w) => (this.events.length >= w.n ? (w.resolve(), false) : true));
          }
          if (buffer.startsWith('retry') && buffer.includes('connected as')) {
            // first block handled above
          }
        });
        res.on('close', () => (this.connected = false));
      });
      req.on('error', reject);
      this.#req = req;
    });
  }

  /** Resolves once `n` events have arrived in all (or rejects after `ms`). */
  waitFor(n: number, ms = 5000): Promise<void> {
    if (this.events.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.events.length} of ${n} events after ${ms} ms: ${JSON.stringify(this.events.map((e) => e.event))}`)), ms);
      this.#waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close(): void {
    this.#req?.destroy();
    this.connected = false;
  }

  get lastId(): number {
    return this.events[this.events.length - 1]?.id ?? 0;
  }
}
