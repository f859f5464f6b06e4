import path from 'node:path';
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Models } from '../domain/models';
import { createErrorHandler, notFoundHandler } from './error-handler';
import { connectionsRouter } from './routes/connections';
import { healthRouter } from './routes/health';
import { runsRouter } from './routes/runs';
import { viewsDir } from './views-dir';

export interface AppDeps {
  models: Models;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl?: string;
  env: 'development' | 'test' | 'production';
  log?: (line: string) => void;
}

/** Builds the Express app; it does not listen. The entry point (api/main.ts) connects and listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const views = viewsDir();
  app.set('views', views);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.use('/static', express.static(path.join(views, 'static'), { maxAge: '1h' }));
  app.use(express.json({ limit: '2mb' }));

  app.get('/', (_req, res) => res.redirect('/runs'));
  app.use(healthRouter(deps));
  app.use(runsRouter(deps));
  app.use(connectionsRouter(deps));

  app.use(notFoundHandler);
  app.use(createErrorHandler({ showStacks: deps.env !== 'production', log: deps.log ?? ((line) => console.error(line)) }));
  return app;
}
