import { z } from 'zod';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../contract/retention';
import { LOG_LEVELS, type LogLevel } from './logging/log-levels';
import { HOST_PATTERN, type OutboundHostPolicy } from './outbound/outbound-hosts';

/** A comma-separated list of host patterns (`crm.example.com`, `*.example.com`), each checked. */
const hostList = (name: string) =>
  z
    .string()
    .default('')
    .transform((text) => text.split(',').map((h) => h.trim()).filter(Boolean))
    .refine((hosts) => hosts.every((h) => HOST_PATTERN.test(h)), `${name} must be host names or *.domain patterns, separated by commas`);
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

const configSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('crm-sync'),
  TEMPORAL_UI_URL: z.string().url('TEMPORAL_UI_URL must be a URL').optional(),
  /** `true`: TLS with the system's roots (Temporal Cloud with an API key). Any TEMPORAL_TLS_* file or TEMPORAL_API_KEY turns it on too. */
  TEMPORAL_TLS: z.enum(['true', 'false'], { message: 'TEMPORAL_TLS must be true or false' }).default('false'),
  /** mTLS: the client certificate and its key (PEM files), both or neither. */
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  /** The CA that signed the server's certificate, when the system does not trust it. */
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  /** The name to check the server's certificate against, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must start with mongodb:// or mongodb+srv://'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NODE_ENV: z.enum(['development', 'test', 'production'], { message: 'NODE_ENV must be development, test or production' }).default('development'),
  /** The reverse proxies in front of the API (hops, or addresses): see domain/trust-proxy.ts. Unset: none. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const parsed = parseTrustProxy(raw);
      if ('error' in parsed) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.value;
    }),
  /** 32 random bytes, base64: the AES-256-GCM key for CRM secrets. Without it a key file is used. */
  CRM_SYNC_SECRET_KEY: z.string().optional(),
  CRM_SYNC_SECRET_KEY_FILE: z.string().optional(),
  CRM_SYNC_DATA_DIR: z.string().default('.data'),
  /** Previews and exports the API runs at once; more wait their turn (api/services/admission-gate.ts). */
  CRM_SYNC_HEAVY_READS_AT_ONCE: z.coerce.number().int().min(1, 'CRM_SYNC_HEAVY_READS_AT_ONCE must be at least 1').max(64).default(2),
  /** Development only: CRM login URLs and alert webhooks on loopback (the emulator). `npm start` turns it on. */
  CRM_SYNC_ALLOW_LOOPBACK_HOSTS: z.enum(['true', 'false'], { message: 'CRM_SYNC_ALLOW_LOOPBACK_HOSTS must be true or false' }).default('false'),
  /** CRM login hosts allowed besides each CRM's documented ones (domain/connections/login-url.ts). */
  CRM_SYNC_CRM_LOGIN_HOSTS: hostList('CRM_SYNC_CRM_LOGIN_HOSTS'),
  /** When set, the only hosts alert webhooks may call (domain/alerts/webhook-target.ts). */
  CRM_SYNC_WEBHOOK_HOSTS: hostList('CRM_SYNC_WEBHOOK_HOSTS'),
  /** History retention (contract/retention.ts): membership changes younger than this many days are kept… */
  CRM_SYNC_CHANGES_RETENTION_DAYS: z.coerce.number().int().min(1, 'CRM_SYNC_CHANGES_RETENTION_DAYS must be at least 1').default(DEFAULT_RETENTION.changeDays),
  /** …and so are those of each segment's and list's last this many runs, however old. */
  CRM_SYNC_CHANGES_RETENTION_RUNS: z.coerce.number().int().min(1, 'CRM_SYNC_CHANGES_RETENTION_RUNS must be at least 1').default(DEFAULT_RETENTION.keepRefreshes),
  /** Finished runs older than this many days are deleted with their errors and changes. */
  CRM_SYNC_RUNS_RETENTION_DAYS: z.coerce.number().int().min(1, 'CRM_SYNC_RUNS_RETENTION_DAYS must be at least 1').default(DEFAULT_RETENTION.runDays),
  /**
   * After SIGTERM: how long the worker lets running activities finish before cancelling them (a
   * paging activity then stops at its stored checkpoint), and how long the API lets in-flight
   * requests finish. Capped so a stop always ends well within the 30 s orchestrators usually allow.
   */
  CRM_SYNC_SHUTDOWN_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0, 'CRM_SYNC_SHUTDOWN_GRACE_SECONDS must be 0 to 20')
    .max(20, 'CRM_SYNC_SHUTDOWN_GRACE_SECONDS must be 0 to 20')
    .default(10),
  /** Where a worker serves the Temporal SDK's Prometheus metrics (`host:port`, path /metrics); unset, nowhere. */
  CRM_SYNC_WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'CRM_SYNC_WORKER_METRICS_ADDRESS must be host:port, e.g. 0.0.0.0:9464')
    .optional(),
  /** The bearer token Prometheus sends to the API's /metrics; unset, the API serves no /metrics. */
  CRM_SYNC_METRICS_TOKEN: z.string().min(16, 'CRM_SYNC_METRICS_TOKEN must be at least 16 characters').optional(),
  /** The least severe log lines written (JSON lines on stdout). */
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export type AppConfig = Readonly<{
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl?: string; tls?: TemporalTls; apiKey?: string };
  mongoUri: string;
  http: { host: string; port: number; heavyReadsAtOnce: number; trustProxy: TrustProxy; metricsToken?: string };
  env: 'development' | 'test' | 'production';
  secretKey: { base64?: string; file: string };
  outbound: OutboundHostPolicy;
  retention: RetentionPolicy;
  shutdown: { graceSeconds: number };
  log: { level: LogLevel };
  worker: { metricsAddress?: string };
}>;

/** Where the Temporal TLS material lives; read by domain/temporal-connection.ts at start-up. */
export type TemporalTls = { certFile?: string; keyFile?: string; caFile?: string; serverName?: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The built entry points (`node dist/api/main.js`, `node dist/worker/main.js`) are how production
 * runs, so there an unset NODE_ENV means production: a deployment that forgets it gets hidden stack
 * traces and Secure cookies, not development mode. Set before anything reads it (Express, EJS).
 * `npm start` and the tests do not call this and stay in development or test.
 */
export function defaultToProduction(env: NodeJS.ProcessEnv): void {
  if (!env.NODE_ENV) env.NODE_ENV = 'production';
}

/** Reads configuration once, at start-up; a missing or wrong setting fails with its name. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  // Loopback hosts let a login URL aim stored secrets at whatever listens on the server itself.
  if (c.NODE_ENV === 'production' && c.CRM_SYNC_ALLOW_LOOPBACK_HOSTS === 'true') {
    throw new ConfigError('Invalid configuration:\n  CRM_SYNC_ALLOW_LOOPBACK_HOSTS: a development setting, refused with NODE_ENV=production');
  }
  if (Boolean(c.TEMPORAL_TLS_CERT_FILE) !== Boolean(c.TEMPORAL_TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration:\n  TEMPORAL_TLS_CERT_FILE, TEMPORAL_TLS_KEY_FILE: mTLS needs both the client certificate and its key');
  }
  const tlsFiles = { certFile: c.TEMPORAL_TLS_CERT_FILE, keyFile: c.TEMPORAL_TLS_KEY_FILE, caFile: c.TEMPORAL_TLS_CA_FILE, serverName: c.TEMPORAL_TLS_SERVER_NAME };
  const tls = c.TEMPORAL_TLS === 'true' || c.TEMPORAL_API_KEY || Object.values(tlsFiles).some(Boolean) ? tlsFiles : undefined;
  return {
    temporal: { address: c.TEMPORAL_ADDRESS, namespace: c.TEMPORAL_NAMESPACE, taskQueue: c.TEMPORAL_TASK_QUEUE, uiUrl: c.TEMPORAL_UI_URL, tls, apiKey: c.TEMPORAL_API_KEY },
    mongoUri: c.MONGODB_URI,
    http: { host: c.HOST, port: c.PORT, heavyReadsAtOnce: c.CRM_SYNC_HEAVY_READS_AT_ONCE, trustProxy: c.TRUST_PROXY, metricsToken: c.CRM_SYNC_METRICS_TOKEN },
    env: c.NODE_ENV,
    secretKey: { base64: c.CRM_SYNC_SECRET_KEY, file: c.CRM_SYNC_SECRET_KEY_FILE ?? `${c.CRM_SYNC_DATA_DIR}/secret.key` },
    outbound: { allowLoopback: c.CRM_SYNC_ALLOW_LOOPBACK_HOSTS === 'true', extraCrmLoginHosts: c.CRM_SYNC_CRM_LOGIN_HOSTS, webhookHosts: c.CRM_SYNC_WEBHOOK_HOSTS },
    retention: { changeDays: c.CRM_SYNC_CHANGES_RETENTION_DAYS, keepRefreshes: c.CRM_SYNC_CHANGES_RETENTION_RUNS, runDays: c.CRM_SYNC_RUNS_RETENTION_DAYS },
    shutdown: { graceSeconds: c.CRM_SYNC_SHUTDOWN_GRACE_SECONDS },
    log: { level: c.LOG_LEVEL },
    worker: { metricsAddress: c.CRM_SYNC_WORKER_METRICS_ADDRESS },
  };
}
