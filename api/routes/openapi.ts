import { Router } from 'express';
import { docsPageGroups } from '../openapi/docs-page';
import { buildOpenApiDocument } from '../openapi/openapi-document';

/** The document's `info.version`: the version of the `/api/v1` contract, not of the package. */
const API_VERSION = '1.0.0';

/**
 * `GET /api/v1/openapi.json` and its page `GET /api/docs`, for any signed-in user or token; the
 * document is built once, on the first request.
 */
export function openApiRouter(): Router {
  const router = Router();
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openApiDocument = () => (document ??= buildOpenApiDocument(API_VERSION));
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/api/docs', (_req, res) => {
    res.render('api-docs/index', { title: 'JSON API', groups: docsPageGroups(openApiDocument()) });
  });
  return router;
}
