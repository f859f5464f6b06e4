import path from 'node:path';
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Models } from '../domain/models';
import type { OutboundHostPolicy } from '../domain/outbound/outbound-hosts';
import type { ScheduleSpecOptions } from '../domain/schedules/schedule-settings';
import type { SecretBox } from '../domain/secrets/secret-box';
import type { TrustProxy } from '../domain/trust-proxy';
import { authenticate, type BearerFailureLimits } from './auth/authenticate';
import { requireSignedIn } from './auth/authorize';
import { MongooseSessionStore } from './auth/session-store';
import { createErrorHandler, notFoundHandler } from './error-handler';
import { alertBanner } from './alert-banner';
import { alertsRouter } from './routes/alerts';
import { authRouter } from './routes/auth';
import { auditRouter } from './routes/audit';
import { connectionsRouter } from './routes/connections';
import { contactPagesRouter } from './routes/contact-pages';
import { dashboardRouter } from './routes/dashboard';
import { healthRouter } from './routes/health';
import { metricsRouter } from './routes/metrics';
import { openApiRouter } from './routes/openapi';
import { admissionWaitObserver, createMetricsRegistry } from './services/metrics';
import { audiencesRouter } from './routes/audiences';
import { listPagesRouter } from './routes/list-pages';
import { listRunsApiRouter } from './routes/list-runs-api';
import { listsApiRouter } from './routes/lists-api';
import { mappingRouter } from './routes/mapping';
import { segmentsApiRouter } from './routes/segments-api';
import { segmentsPagesRouter } from './routes/segments-pages';
import { pipelineRouter } from './routes/pipeline';
import { programPagesRouter } from './routes/program-pages';
import { programsApiRouter } from './routes/programs';
import { runsRouter } from './routes/runs';
import { settingsRouter } from './routes/settings';
import { tokensRouter } from './routes/tokens';
import { usersRouter } from './routes/users';
import { eventsApiRouter } from './routes/events-api';
import { scoringApiRouter } from './routes/scoring-api';
import { scoringRouter } from './routes/scoring';
import { createAdmissionGate, DEFAULT_HEAVY_READS, type AdmissionGateOptions } from './services/admission-gate';
import { parseSignedInBodies } from './security/body-limits';
import { verifyCsrf } from './security/csrf';
import { securityHeaders } from './security/headers';
import { viewLocals } from './view-locals';
import { viewsDir } from './views-dir';
import type { ConnectorFactory } from '../domain/crm/connector-factory';

export interface AppDeps {
  models: Models;
  temporal: Client;
  taskQueue: string;
  box: SecretBox;
  /** Signs session cookies; derived from the secret key by the composition root. */
  sessionSecret: string;
  temporalUiUrl?: string;
  /** How often "automatic" schedules run (default every 15 minutes); tests shorten it. */
  scheduleSpecOptions?: ScheduleSpecOptions;
  env: 'development' | 'test' | 'production';
  /** Sign-in attempts allowed per address and email in 15 minutes. */
  loginAttemptsPerWindow?: number;
  /** Failed bearer authentications allowed per address and per token (see auth/authenticate.ts). */
  bearerFailureLimits?: BearerFailureLimits;
  /** The proxies whose X-Forwarded-For is believed (TRUST_PROXY); default none. */
  trustProxy?: TrustProxy;
  sessionTtlMs?: number;
  log?: (line: string) => void;
  /** The admission limit on previews and exports (see services/admission-gate.ts); default 2 at once. */
  heavyReads?: Partial<AdmissionGateOptions>;
  /** Where CRM login URLs and alert webhooks may point (domain/outbound); strict when not given. */
  outboundHosts?: OutboundHostPolicy;
  /** Builds a CRM connector for a stored connection; made once by the composition root. */
  connectors: ConnectorFactory;
  /** True once the process is stopping: `/readyz` then answers 503 while requests drain (serve-api.ts). */
  isStopping?: () => boolean;
  /** The bearer token Prometheus scrapes `/metrics` with (CRM_SYNC_METRICS_TOKEN); without it there is no `/metrics`. */
  metricsToken?: string;
}

/** Builds the Express app; it does not listen. The entry point (api/main.ts) connects and listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const views = viewsDir();
  const sessionTtlMs = deps.sessionTtlMs ?? 12 * 60 * 60 * 1000;
  app.disable('x-powered-by');
  app.set('views', views);
  app.set('view engine', 'ejs');
  // Flat query strings only: `?status[$ne]=x` arrives as the literal key "status[$ne]" and fails validation.
  app.set('query parser', 'simple');
  // Only the configured proxies: trusting X-Forwarded-For from anyone would let each client choose
  // the address every per-address limit keys on.
  app.set('trust proxy', deps.trustProxy ?? false);
  const production = deps.env === 'production';

  app.use(securityHeaders());
  app.use('/static', express.static(path.join(views, 'static'), { maxAge: '1h' }));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.use(healthRouter(deps));
  const metrics = deps.metricsToken ? createMetricsRegistry(deps.models) : undefined;
  if (metrics && deps.metricsToken) app.use(metricsRouter({ registry: metrics, token: deps.metricsToken }));
  app.use(
    session({
      name: 'crm_sync_sid',
      secret: deps.sessionSecret,
      store: new MongooseSessionStore(deps.models.Session, sessionTtlMs),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, maxAge: sessionTtlMs },
    }),
  );
  app.use(authenticate(deps.models, deps.bearerFailureLimits));
  app.use(viewLocals({ temporalUiUrl: deps.temporalUiUrl }));

  // Public: sign-in and setup (they parse their small forms and check CSRF themselves). Everything
  // after needs a signed-in actor, so an anonymous request gets 401 or a redirect to /login before
  // anything else is looked at, its body included.
  app.use(authRouter({ ...deps, secureCookies: production }));
  app.use(requireSignedIn);
  app.use(parseSignedInBodies);
  app.use(verifyCsrf);
  // Previews and exports read whole collections; a crowd of them waits its turn here (503 with
  // Retry-After past the queue's limits) instead of starving every other page. Listed in one place.
  const heavyReads = createAdmissionGate({ ...DEFAULT_HEAVY_READS, ...deps.heavyReads, observeWait: metrics && admissionWaitObserver(metrics) });
  app.post(['/api/v1/segments/preview', '/api/v1/audiences/preview'], heavyReads.admit);
  app.get(['/lists/:id/members.csv', '/segments/:id/members.csv'], heavyReads.admit);
  app.get(['/api/v1/lists/:id/members', '/api/v1/segments/:id/members'], heavyReads.admitWhen((req) => req.query.format === 'csv'));
  app.use(alertBanner(deps.models));
  app.use(alertsRouter(deps));
  app.use(dashboardRouter(deps));
  app.use(runsRouter(deps));
  app.use(contactPagesRouter(deps));
  app.use(connectionsRouter(deps));
  app.use(mappingRouter(deps));
  app.use(pipelineRouter(deps));
  app.use(listsApiRouter(deps));
  app.use(listPagesRouter(deps));
  app.use(listRunsApiRouter(deps));
  app.use(audiencesRouter(deps));
  app.use(segmentsApiRouter(deps));
  app.use(segmentsPagesRouter(deps));
  app.use(programsApiRouter(deps));
  app.use(programPagesRouter(deps));
  app.use(settingsRouter());
  app.use(usersRouter(deps));
  app.use(tokensRouter(deps));
  app.use(auditRouter(deps));
  app.use(eventsApiRouter(deps));
  app.use(scoringApiRouter(deps));
  app.use(scoringRouter(deps));
  app.use(openApiRouter());

  app.use(notFoundHandler);
  app.use(createErrorHandler({ showStacks: !production, log: deps.log ?? ((line) => console.error(line)) }));
  return app;
}
