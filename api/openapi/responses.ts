import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';
import type { ApiOperation } from './api-operations';

const json = (schema: ZodTypeAny) => ({ 'application/json': { schema } });

/** The successful answer: the presenter's schema, no body for a 204, and plain JSON where no schema is written yet. */
export function successResponse(op: ApiOperation): Record<string, ResponseConfig> {
  const status = op.status ?? 200;
  if (status === 204) return { '204': { description: 'Done; no body' } };
  if (op.response) return { [String(status)]: { description: 'Success', content: json(op.response) } };
  return { [String(status)]: { description: 'Success (JSON; its schema is not written yet)', content: json(z.unknown()) } };
}

/**
 * The refusals every operation can give, each with the one error body. Authentication and roles
 * guard every route; 400 only where there is input to refuse; 404 only where the path names something.
 */
export function errorResponses(op: ApiOperation, hasPathParams: boolean, errorBody: ZodTypeAny): Record<string, ResponseConfig> {
  const refusal = (description: string) => ({ description, content: json(errorBody) });
  const takesInput = hasPathParams || op.query !== undefined || op.body !== undefined;
  return {
    ...(takesInput ? { '400': refusal('Invalid input: `error.details` lists each wrong field with its path (`body.auth.password`, `query.perPage`) and the rule it broke') } : {}),
    '401': refusal('Not signed in, or the API token is unknown, expired or revoked'),
    '403': refusal("The user's or token's role lacks the permission this operation needs"),
    ...(hasPathParams ? { '404': refusal('What the path names does not exist') } : {}),
    default: refusal('Another refusal: 409 (conflicts with the current state), 429 or 503 (busy; retry later), 502 (the CRM refused or could not be reached)'),
  };
}
