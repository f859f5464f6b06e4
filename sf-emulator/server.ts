import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import type { EmulatorContext } from './context';
import { notFound, sendSfError } from './errors';
import { bulkIngestRouter } from './routes/bulk-ingest';
import { bulkQueryRouter } from './routes/bulk-query';
import { compositeRouter } from './routes/composite';
import { describeRouter } from './routes/describe';
import { identityRouter } from './routes/identity';
import { limitsRouter, versionsHandler } from './routes/limits';
import { soapLoginRouter } from './routes/login-soap';
import { requireKnownVersion, restErrorHandler, restGate } from './routes/middleware';
import { oauthRouter } from './routes/oauth';
import { queryRouter } from './routes/query';
import { sobjectsRouter } from './routes/sobjects';

/** The Salesforce REST (and SOAP login) surface as an Express app, built but not listening. */
export function createEmulatorApp(ctx: EmulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // Logins are not API calls and faults never hit them unless a test asks the store for it.
  app.use('/services/Soap', soapLoginRouter(ctx));
  app.use('/services/oauth2', oauthRouter(ctx));
  app.use('/id', restGate(ctx, { requireSession: true }), identityRouter(ctx));

  const versioned = Router({ mergeParams: true });
  versioned.use(queryRouter(ctx));
  versioned.use(describeRouter());
  versioned.use(sobjectsRouter(ctx));
  versioned.use(compositeRouter(ctx));
  versioned.use(limitsRouter(ctx));
  versioned.use(bulkIngestRouter(ctx));
  versioned.use(bulkQueryRouter(ctx));

  const data = Router();
  data.get('/', restGate(ctx, { requireSession: false }), versionsHandler);
  data.use('/:version', restGate(ctx, { requireSession: true }), requireKnownVersion, versioned);
  app.use('/services/data', data);

  app.use((_req: Request, res: Response) => sendSfError(res, notFound()));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => restErrorHandler(err, req, res, next));
  return app;
}
