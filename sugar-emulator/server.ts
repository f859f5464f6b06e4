import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { REST_PATH, type EmulatorContext } from './context';
import { sugarErrors } from './errors';
import { parsePhpQuery } from './filter/php-query';
import type { ApiRequest, ApiResponse } from './routes/api-request';
import { executeBulk } from './routes/bulk';
import { executeOperation } from './routes/dispatch';
import { errorResponse } from './routes/errors-response';
import { apiGate, sendError } from './routes/gate';
import { issueTokens } from './routes/token';

function send(res: Response, answer: ApiResponse): void {
  res.status(answer.status).set(answer.headers).type('application/json').send(JSON.stringify(answer.body));
}

/** The part after `/rest/<version>/`, decoded. */
function restPath(req: Request): string {
  const url = req.originalUrl.split('?')[0];
  return decodeURIComponent(url.replace(REST_PATH, '').replace(/^\//, ''));
}

/** Bodies are JSON (form-encoded is accepted for the token endpoint); a body that is neither answers 422. */
function parseBody(req: Request, res: Response, next: NextFunction): void {
  const raw = typeof req.body === 'string' ? req.body : '';
  if (!raw.trim()) req.body = {};
  else if ((req.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) req.body = parsePhpQuery(raw);
  else {
    try {
      req.body = JSON.parse(raw);
    } catch {
      return sendError(res, sugarErrors.invalidParameter('The request body is not valid JSON.'));
    }
  }
  next();
}

function apiRequest(req: Request, res: Response): ApiRequest {
  const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  return { method: req.method, path: restPath(req), query: parsePhpQuery(search), body: req.body, version: REST_PATH.exec(req.originalUrl)![1], session: res.locals.session as ApiRequest['session'] };
}

/** Sugar's REST API (v10/v11 paths) and its OAuth 2.0 token endpoint as an Express app, built but not listening. */
export function createEmulatorApp(ctx: EmulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const rest = express.Router();
  rest.use(express.text({ type: () => true, limit: '50mb' }), parseBody);
  rest.post('/oauth2/token', issueTokens(ctx));
  rest.use(apiGate(ctx, restPath), (req: Request, res: Response) => {
    const request = apiRequest(req, res);
    if (request.path === 'bulk' && req.method === 'POST') {
      ctx.stats.countOperation('bulk');
      try {
        return send(res, executeBulk(ctx, request));
      } catch (err) {
        return send(res, errorResponse(err));
      }
    }
    send(res, executeOperation(ctx, request));
  });
  app.use('/rest/:version', (req: Request, res: Response, next: NextFunction) => (REST_PATH.test(`/rest/${String(req.params.version)}`) ? rest(req, res, next) : next()));
  app.use((req: Request, res: Response) => sendError(res, sugarErrors.noMethod(`Could not find a route for ${req.path}`)));
  return app;
}
