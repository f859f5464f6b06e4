import express, { type RequestHandler } from 'express';

/**
 * Request bodies are read only once the request is known to be allowed in: before sign-in only the
 * tiny sign-in and setup forms, after it bodies sized for what each route takes. An anonymous
 * client therefore cannot make the server buffer and parse megabytes it will refuse anyway.
 */
export const BODY_LIMITS = {
  /** Sign-in, setup and sign-out: an email, a password, a name and a CSRF token. */
  publicForm: '16kb',
  /** Event batches of up to 10,000 events (POST /api/v1/events). */
  eventBatch: '16mb',
  /** Every other JSON body: mappings, lists, segments, programs. */
  json: '1mb',
  /** Every other HTML form. */
  form: '200kb',
} as const;

const EVENT_BATCH_PATH = /^\/api\/v1\/events\/?$/i;

/** Runs body parsers one after the other as one middleware (each skips a body already parsed). */
function inTurn(first: RequestHandler, second: RequestHandler): RequestHandler {
  return (req, res, next) => first(req, res, (err?: unknown) => (err ? next(err) : second(req, res, next)));
}

/** For the public routes, before the actor is known. */
export const parsePublicForm = inTurn(express.urlencoded({ extended: false, limit: BODY_LIMITS.publicForm }), express.json({ limit: BODY_LIMITS.publicForm }));

const eventBatchJson = express.json({ limit: BODY_LIMITS.eventBatch });
const json = express.json({ limit: BODY_LIMITS.json });

/** For signed-in requests: the event batch route gets its larger limit, every other route the small one. */
export const parseSignedInBodies = inTurn(
  (req, res, next) => (EVENT_BATCH_PATH.test(req.path) ? eventBatchJson(req, res, next) : json(req, res, next)),
  express.urlencoded({ extended: false, limit: BODY_LIMITS.form }),
);
