import express, { type Express, type Request, type Response } from 'express';
import { API_PATH, type EmulatorContext } from './context';
import { parseQueryString, type ApiRequest, type ApiResponse } from './routes/api-request';
import { executeBatch } from './routes/batch';
import { errorResponse, executeOperation } from './routes/dispatch';
import { apiGate } from './routes/gate';
import { tokenRouter } from './routes/token';

function send(res: Response, answer: ApiResponse): void {
  res.status(answer.status).set({ 'OData-Version': '4.0', ...answer.headers });
  if (answer.body === undefined) res.end();
  else if (typeof answer.body === 'string') res.send(answer.body);
  else res.type('application/json; odata.metadata=minimal').send(JSON.stringify(answer.body));
}

function apiRequest(req: Request, res: Response): ApiRequest {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const path = decodeURIComponent((q < 0 ? url : url.slice(0, q)).slice(API_PATH.length + 1));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
  return {
    method: req.method, path, query: q < 0 ? {} : parseQueryString(url.slice(q + 1)), headers, body: typeof req.body === 'string' ? req.body : '',
    baseUrl: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, userId: res.locals.userId as string, client: res.locals.client as string,
  };
}

/** The Dataverse Web API (v9.2) and its Entra ID token endpoint as an Express app, built but not listening. */
export function createEmulatorApp(ctx: EmulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(tokenRouter(ctx));
  // Bodies stay text: JSON for single operations, multipart/mixed for $batch; both are parsed per operation.
  app.use(API_PATH, express.text({ type: () => true, limit: '50mb' }), apiGate(ctx), (req: Request, res: Response) => {
    const request = apiRequest(req, res);
    if (request.path === '$batch' && req.method === 'POST') {
      ctx.stats.countOperation('batch');
      let answer: ApiResponse;
      try {
        answer = executeBatch(ctx, request);
      } catch (err) {
        answer = errorResponse(err);
      }
      return send(res, answer);
    }
    send(res, executeOperation(ctx, request));
  });
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: { code: '0x80060888', message: `Resource not found for the segment '${req.path}'.` } });
  });
  return app;
}
