import type { ErrorRequestHandler, RequestHandler } from 'express';
import { CrmError } from '../domain/crm/connector';
import { ConnectionNotFoundError } from '../domain/crm/connector-factory';
import { ListInputError } from '../domain/lists/list-definition';
import { MappingInvalidError } from '../domain/mapping/mapping';
import { SegmentInputError } from '../domain/segments/db/segment-input';
import { HttpError, NotFoundError, ValidationError } from './http-errors';
import { wantsJson } from './request-kind';
import { ServerBusyError } from './services/admission-gate';
import { setViewLocals } from './view-locals';

/** Domain errors that mean something to the client, mapped to HTTP here and nowhere else. */
function asHttpError(err: unknown): unknown {
  // Each broken rule is listed so the client can point at the entry (`entries[3].crmField`).
  if (err instanceof MappingInvalidError) return new HttpError(400, err.message, { problems: err.problems });
  if (err instanceof ListInputError) return new HttpError(400, `Invalid request: ${err.message}`, { problems: err.problems });
  // Every problem of a segment request with its JSON path, shaped like any other validation error.
  if (err instanceof SegmentInputError) return new ValidationError(err.problems);
  // The CRM refused or could not be reached: not our fault and not the client's input, so a 502 with the CRM's own words.
  if (err instanceof CrmError) return new HttpError(502, `The CRM answered: ${err.message}`, { crmCode: err.crmCode });
  if (err instanceof ConnectionNotFoundError) return new HttpError(404, err.message);
  return err;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`));

/** The one place errors become responses: typed errors keep their status, stacks only outside production. */
export function createErrorHandler(options: { showStacks: boolean; log: (line: string) => void }): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    const err: typeof raw = asHttpError(raw);
    const known = err instanceof HttpError;
    // body-parser marks malformed JSON with a 4xx status and type.
    const clientStatus = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    const status = known ? err.status : (clientStatus ?? 500);
    const message = known || clientStatus ? String(err.message) : 'Internal server error';
    // A busy refusal is the admission limit working, not a failure worth a stack trace.
    if (status >= 500 && !(err instanceof ServerBusyError)) options.log(`${req.method} ${req.path} failed: ${err?.stack ?? err}`);
    if (wantsJson(req)) {
      res.status(status).json({ error: { status, message, ...(known && err.details ? { details: err.details } : {}) } });
      return;
    }
    // Errors raised before the view-locals middleware (bad token, CSRF) still render the layout.
    if (res.locals.actor === undefined) setViewLocals(req, res);
    res.status(status).render('errors/error', {
      title: `${status}`,
      status,
      message,
      stack: options.showStacks && status >= 500 ? String(err?.stack ?? '') : undefined,
    });
  };
}
