// The console talks only to the documented API: same origin, session cookie, CSRF header on changes,
// the justification in X-Justification. An expired session sends the user back to the login, saying why.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What to show the user for a failed call: the server's message (it says what to fix), else the error itself. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

let onExpired: (() => void) | null = null;
export function onSessionExpired(f: () => void) {
  onExpired = f;
}

function csrf(): string {
  const m = /(?:^|; )atalaya_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : '';
}

export async function api<T = any>(method: string, url: string, body?: unknown, opts: { justification?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrf();
  if (opts.justification) headers['x-justification'] = encodeURIComponent(opts.justification);
  Object.assign(headers, opts.headers ?? {});
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Blob) {
      payload = body;
      headers['content-type'] = opts.contentType ?? 'text/plain';
    } else {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error ?? {};
    if (res.status === 401 && (e.code === 'session_expired' || e.code === 'unauthenticated') && url !== '/api/auth/login') onExpired?.();
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details);
  }
  return data as T;
}

export interface Me {
  userId: string;
  email: string;
  displayName: string;
  agency: string;
  country: string;
  roles: string[];
  clearance: string;
}
