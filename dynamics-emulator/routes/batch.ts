import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { EmulatorContext } from '../context';
import { DataverseError, ErrorCodes } from '../errors';
import { parsePrefer, parseQueryString, type ApiRequest, type ApiResponse } from './api-request';
import { executeOperation } from './dispatch';

/** Batch requests can contain up to 1000 individual requests (Dataverse's documented limit). */
const MAX_OPERATIONS = 1000;

interface Operation {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

type Part = { kind: 'operation'; operation: Operation } | { kind: 'changeset'; operations: Operation[] };

function boundaryOf(contentType: string | undefined): string | undefined {
  return /boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
}

function splitHead(text: string): { head: Record<string, string>; rest: string } {
  const match = /\r?\n\r?\n/.exec(text);
  const headText = match ? text.slice(0, match.index) : text;
  const head: Record<string, string> = {};
  for (const line of headText.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) head[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { head, rest: match ? text.slice(match.index + match[0].length) : '' };
}

function splitMultipart(body: string, boundary: string): string[] {
  const pieces = body.split(`--${boundary}`);
  return pieces.slice(1).filter((p) => !p.startsWith('--')).map((p) => p.replace(/^\r?\n/, ''));
}

function parseOperation(text: string, contentId: string | undefined): Operation {
  const match = /^\s*([A-Z]+)\s+(\S+)\s+HTTP\/1\.1\r?\n/.exec(text);
  if (!match) throw new DataverseError(400, ErrorCodes.QueryError, 'A batch part does not start with an HTTP request line.');
  const { head, rest } = splitHead(text.slice(match[0].length));
  return { method: match[1], url: match[2], headers: head, body: rest.trim(), contentId };
}

/** The parts of a multipart/mixed $batch body: single operations and change sets (themselves multipart). */
export function parseBatch(body: string, contentType: string | undefined): Part[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new DataverseError(400, ErrorCodes.QueryError, 'A $batch request must be multipart/mixed with a boundary.');
  const parts = splitMultipart(body, boundary).map((raw): Part => {
    const { head, rest } = splitHead(raw);
    const changeset = boundaryOf(head['content-type']);
    if (changeset) {
      return { kind: 'changeset', operations: splitMultipart(rest, changeset).map((p) => { const inner = splitHead(p); return parseOperation(inner.rest, inner.head['content-id']); }) };
    }
    return { kind: 'operation', operation: parseOperation(rest, head['content-id']) };
  });
  const count = parts.reduce((n, p) => n + (p.kind === 'changeset' ? p.operations.length : 1), 0);
  if (count > MAX_OPERATIONS) throw new DataverseError(400, ErrorCodes.QueryError, `The number of requests in a batch exceeded the limit of ${MAX_OPERATIONS}.`);
  return parts;
}

/** Absolute, rooted or relative URL (or `$1/…` naming an earlier change-set result) → path and query after /api/data/v9.2/. */
function resolveUrl(url: string, results: Map<string, string>): { path: string; query: Record<string, string> } {
  let target = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?api\/data\/v9\.2\//, '');
  const reference = /^\$([^/?]+)/.exec(target);
  if (reference) {
    const resolved = results.get(reference[1]);
    if (!resolved) throw new DataverseError(400, ErrorCodes.QueryError, `Content-ID reference '$${reference[1]}' does not name an earlier request of the change set.`);
    target = resolved + target.slice(reference[0].length);
  }
  const q = target.indexOf('?');
  return { path: decodeURIComponent(q < 0 ? target : target.slice(0, q)), query: q < 0 ? {} : parseQueryString(target.slice(q + 1)) };
}

function run(ctx: EmulatorContext, outer: ApiRequest, op: Operation, results: Map<string, string>): ApiResponse {
  const { path, query } = resolveUrl(op.url, results);
  return executeOperation(ctx, { ...outer, method: op.method, path, query, headers: op.headers, body: op.body });
}

function httpPart(response: ApiResponse, contentId?: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(contentId ? [`Content-ID: ${contentId}`] : []), ''];
  lines.push(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`);
  const json = response.body !== undefined && typeof response.body !== 'string';
  if (json) lines.push('Content-Type: application/json; odata.metadata=minimal');
  lines.push('OData-Version: 4.0');
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push('', response.body === undefined ? '' : json ? JSON.stringify(response.body) : String(response.body));
  return lines.join('\r\n');
}

/**
 * POST $batch: operations run in order; a change set is one transaction (all applied or none), its
 * responses carry the request's Content-ID. The first failure stops the batch (400) unless the caller
 * sent `Prefer: odata.continue-on-error` (then 200, with every response). A failed change set answers
 * with the failing request's error alone.
 */
export function executeBatch(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  const parts = parseBatch(req.body, req.headers['content-type']);
  const continueOnError = parsePrefer(req.headers.prefer).continueOnError;
  const batchBoundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  let failed = false;
  for (const part of parts) {
    if (part.kind === 'operation') {
      const response = run(ctx, req, part.operation, new Map());
      out.push(httpPart(response));
      failed ||= response.status >= 400;
    } else {
      const results = new Map<string, string>();
      const answers: string[] = [];
      let failure: { response: ApiResponse; contentId?: string } | undefined;
      ctx.store.begin();
      ctx.stats.beginTransaction();
      for (const op of part.operations) {
        const response = run(ctx, req, op, results);
        if (response.status >= 400) {
          failure = { response, contentId: op.contentId };
          break;
        }
        const entity = response.headers['OData-EntityId'];
        if (op.contentId && entity) results.set(op.contentId, entity.replace(/^.*\/api\/data\/v9\.2\//, ''));
        answers.push(httpPart(response, op.contentId));
      }
      if (failure) {
        ctx.store.rollback();
        ctx.stats.rollbackTransaction();
        out.push(httpPart(failure.response, failure.contentId));
        failed = true;
      } else {
        ctx.store.commit();
        ctx.stats.commitTransaction();
        const changesetBoundary = `changesetresponse_${randomUUID()}`;
        out.push([`Content-Type: multipart/mixed; boundary=${changesetBoundary}`, '', ...answers.map((a) => `--${changesetBoundary}\r\n${a}`), `--${changesetBoundary}--`].join('\r\n'));
      }
    }
    if (failed && !continueOnError) break;
  }
  const body = `${out.map((p) => `--${batchBoundary}\r\n${p}\r\n`).join('')}--${batchBoundary}--\r\n`;
  return {
    status: failed && !continueOnError ? 400 : 200,
    headers: { 'Content-Type': `multipart/mixed; boundary=${batchBoundary}`, ...(continueOnError ? { 'Preference-Applied': 'odata.continue-on-error' } : {}) },
    body,
  };
}

/** Whether a $batch body holds anything but GETs (LOST_ANSWER hits only writes). */
export function batchWrites(body: string): boolean {
  return /^(POST|PATCH|PUT|DELETE)\s+\S+\s+HTTP\/1\.1/m.test(body);
}
