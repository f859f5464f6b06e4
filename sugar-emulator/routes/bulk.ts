import type { EmulatorContext } from '../context';
import { sugarErrors } from '../errors';
import { parsePhpQuery } from '../filter/php-query';
import { isWrite, jsonResponse, type ApiRequest, type ApiResponse } from './api-request';
import { executeOperation } from './dispatch';
import { errorResponse } from './errors-response';

interface BulkPart {
  url?: unknown;
  method?: unknown;
  data?: unknown;
}

function partsOf(body: unknown): BulkPart[] {
  const requests = typeof body === 'object' && body !== null ? (body as { requests?: unknown }).requests : undefined;
  if (!Array.isArray(requests)) throw sugarErrors.missingParameter('Missing parameter: requests');
  return requests as BulkPart[];
}

/** `/v11_20/Contacts/abc?fields=x` → version, path and query of one part. */
function partRequest(parent: ApiRequest, part: BulkPart): ApiRequest {
  if (typeof part.url !== 'string') throw sugarErrors.missingParameter('Missing parameter: url');
  const [pathPart, search = ''] = part.url.split('?');
  const match = /^\/?(v1[01](?:_\d+)?)\/(.*)$/.exec(pathPart);
  if (!match) throw sugarErrors.invalidParameter(`The request URL must start with the version: ${part.url}`);
  // `data` is documented as a JSON-encoded string; newer clients send the object itself.
  let body: unknown = part.data ?? {};
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body || '{}');
    } catch {
      throw sugarErrors.invalidParameter('The data of a bulk request must be JSON.');
    }
  }
  return { ...parent, method: typeof part.method === 'string' ? part.method.toUpperCase() : 'GET', version: match[1], path: decodeURIComponent(match[2]), query: parsePhpQuery(search), body };
}

/** Whether a bulk body carries a request that writes (LOST_ANSWER hits only those). */
export function bulkWrites(body: unknown): boolean {
  try {
    return partsOf(body).some((part) => {
      const [pathPart] = String(part.url ?? '').split('?');
      return isWrite(typeof part.method === 'string' ? part.method.toUpperCase() : 'GET', pathPart);
    });
  } catch {
    return false;
  }
}

/**
 * `POST bulk`: the requests run in order, each answered on its own ({ contents, headers, status });
 * a failed one does not stop the others and the bulk call itself answers 200.
 */
export function executeBulk(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  const parts = partsOf(req.body);
  if (parts.length > ctx.settings.maxBulkRequests) throw sugarErrors.requestTooLarge(`A bulk call may carry at most ${ctx.settings.maxBulkRequests} requests.`);
  const answers = parts.map((part) => {
    let answer: ApiResponse;
    try {
      answer = executeOperation(ctx, partRequest(req, part));
    } catch (err) {
      answer = errorResponse(err);
    }
    return { contents: answer.body, headers: answer.headers, status: answer.status };
  });
  return jsonResponse(200, answers);
}
