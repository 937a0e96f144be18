// The cell's settings. Defaults suit a single node; every value can be overridden from the environment.
export interface Config {
  /** Minutes of inactivity before a session ends. */
  sessionIdleMinutes: number;
  /** Hours after login before a session ends whatever the activity (a 12-hour shift plus handover). */
  sessionAbsoluteHours: number;
  /** Failed logins on one account before it is locked. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Login attempts per IP address per minute. */
  loginPerIpPerMinute: number;
  /** Requests per authenticated principal per minute (all routes). */
  requestsPerMinute: number;
  /** Set when served over TLS (directly or behind a TLS proxy): cookies become Secure. */
  secureCookies: boolean;
  /** Largest request body accepted by default, in bytes. */
  bodyLimitBytes: number;
  /** Default review period per item kind, in days (Directive 2016/680 art. 5). */
  reviewDays: Record<string, number>;
  /** Items due for review within this many days are listed as "due". */
  reviewDueSoonDays: number;
  /** Candidates below this match score are not put before a reviewer (weak band starts here). */
  screeningMinScore: number;
  /** Acknowledgement windows per priority, in minutes (defaults: flash 15, urgent 60, priority 480, routine 4320). */
  ackMinutes?: Partial<Record<'flash' | 'urgent' | 'priority' | 'routine', number>>;
  /** Cross-check: two agencies' records this alike are told to both owners. */
  crossCheckMinScore: number;
  /** MFA enrolment tickets live this long. */
  enrolmentMinutes: number;
  /** Largest STIX bundle read at once (API body, file, TAXII page), in bytes. */
  stixMaxBytes: number;
  /** TAXII: most objects per page (a client's `limit` is capped to this). */
  taxiiPageSize: number;
}

export const defaultConfig: Config = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 14,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  loginPerIpPerMinute: 30,
  requestsPerMinute: 1200,
  secureCookies: false,
  bodyLimitBytes: 1024 * 1024,
  reviewDays: { note: 365, subject: 182, alert: 365, report: 365, event: 90, 'threat-level': 365, 'screening-list': 90 },
  reviewDueSoonDays: 30,
  enrolmentMinutes: 15,
  screeningMinScore: 0.45,
  crossCheckMinScore: 0.7,
  stixMaxBytes: 50 * 1024 * 1024,
  taxiiPageSize: 500,
};

function num(env: string | undefined, fallback: number): number {
  const n = env === undefined ? NaN : Number(env);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** ATALAYA_REVIEW_DAYS='{"subject":90,"report":180}': default review periods per kind, in days. */
function reviewDaysFromEnv(value: string | undefined): Record<string, number> {
  if (!value) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('ATALAYA_REVIEW_DAYS must be JSON, e.g. {"subject":90}');
  }
  const out: Record<string, number> = {};
  for (const [kind, days] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 5 * 366) throw new Error(`ATALAYA_REVIEW_DAYS: ${kind} must be a number of days from 1 to 1830`);
    out[kind] = days;
  }
  return out;
}

/** ATALAYA_ACK_MINUTES='{"flash":10,"urgent":45}': acknowledgement windows per priority, in minutes. */
function ackMinutesFromEnv(value: string): Config['ackMinutes'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('ATALAYA_ACK_MINUTES must be JSON, e.g. {"flash":10}');
  }
  const out: Record<string, number> = {};
  for (const [priority, minutes] of Object.entries(parsed as Record<string, unknown>)) {
    if (!['flash', 'urgent', 'priority', 'routine'].includes(priority)) throw new Error(`ATALAYA_ACK_MINUTES: unknown priority ${priority}`);
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 30 * 24 * 60) throw new Error(`ATALAYA_ACK_MINUTES: ${priority} must be minutes from 1 to 43200`);
    out[priority] = minutes;
  }
  return out;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    ...defaultConfig,
    sessionIdleMinutes: num(env.ATALAYA_SESSION_IDLE_MINUTES, defaultConfig.sessionIdleMinutes),
    sessionAbsoluteHours: num(env.ATALAYA_SESSION_ABSOLUTE_HOURS, defaultConfig.sessionAbsoluteHours),
    lockoutThreshold: num(env.ATALAYA_LOCKOUT_THRESHOLD, defaultConfig.lockoutThreshold),
    lockoutMinutes: num(env.ATALAYA_LOCKOUT_MINUTES, defaultConfig.lockoutMinutes),
    loginPerIpPerMinute: num(env.ATALAYA_LOGIN_PER_IP_PER_MINUTE, defaultConfig.loginPerIpPerMinute),
    stixMaxBytes: num(env.ATALAYA_STIX_MAX_BYTES, defaultConfig.stixMaxBytes),
    taxiiPageSize: num(env.ATALAYA_TAXII_PAGE_SIZE, defaultConfig.taxiiPageSize),
    secureCookies: env.ATALAYA_SECURE_COOKIES === '1' || env.ATALAYA_SECURE_COOKIES === 'true',
    reviewDays: { ...defaultConfig.reviewDays, ...reviewDaysFromEnv(env.ATALAYA_REVIEW_DAYS) },
    ...(env.ATALAYA_ACK_MINUTES ? { ackMinutes: ackMinutesFromEnv(env.ATALAYA_ACK_MINUTES) } : {}),
  };
}
