import type { Session } from '../tokens';

/** One API operation, whether it came as its own HTTP request or inside a /bulk. */
export interface ApiRequest {
  method: string;
  /** The resource path after `/rest/<version>/`, decoded, without the query string (`Contacts/filter`). */
  path: string;
  /** Query arguments, PHP-style (`filter[0][name]=x` nested). */
  query: Record<string, unknown>;
  /** The JSON body, parsed (`{}` when there was none). */
  body: unknown;
  version: string;
  session: Session & { client: string };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({ status, body, headers });

/** The request's arguments as Sugar's RestService merges them: path and query first, the JSON body over them. */
export function argumentsOf(req: ApiRequest): Record<string, unknown> {
  const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  return { ...req.query, ...body };
}

/** Whether an operation may change records (LOST_ANSWER hits only these): POST …/filter only reads. */
export function isWrite(method: string, path: string): boolean {
  return method !== 'GET' && !/(^|\/)filter(\/count)?$/.test(path);
}
