import type { ZodError } from 'zod';

/** Errors a handler throws on purpose; the error handler maps them to a status, everything else is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, `${what} not found`);
  }
}

export class ValidationError extends HttpError {
  constructor(problems: { path: string; message: string }[]) {
    super(400, `Invalid request: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`, problems);
  }

  static fromZod(error: ZodError, root = ''): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({ path: [root, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message })),
    );
  }
}
