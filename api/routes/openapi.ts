import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi/openapi-document';

/** The document's `info.version`: the version of the `/api/v1` contract, not of the package. */
const API_VERSION = '1.0.0';

/** `GET /api/v1/openapi.json` for any signed-in user or token: built once, on the first request. */
export function openApiRouter(): Router {
  const router = Router();
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  router.get('/api/v1/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(API_VERSION);
    res.json(document);
  });
  return router;
}
