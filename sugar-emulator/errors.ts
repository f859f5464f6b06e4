/**
 * An error in the Sugar REST API's shape: the HTTP status of the SugarApiException class and
 * `{ "error": "<error label>", "error_message": "…" }`. Extra headers carry Retry-After for rate limits.
 */
export class SugarError extends Error {
  constructor(
    readonly status: number,
    readonly label: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: string; error_message: string } {
    return { error: this.label, error_message: this.message };
  }
}

/** The stock SugarApiException classes the emulator raises, by their HTTP code and error label. */
export const sugarErrors = {
  needLogin: (message = 'No valid authentication for user.') => new SugarError(401, 'need_login', message),
  invalidGrant: (message = 'The access token provided is invalid.') => new SugarError(401, 'invalid_grant', message),
  notAuthorized: (message: string) => new SugarError(403, 'not_authorized', message),
  noMethod: (message = 'Could not find a route with 1 elements') => new SugarError(404, 'no_method', message),
  notFound: (message: string) => new SugarError(404, 'not_found', message),
  missingParameter: (message: string) => new SugarError(422, 'missing_parameter', message),
  invalidParameter: (message: string) => new SugarError(422, 'invalid_parameter', message),
  requestTooLarge: (message: string) => new SugarError(413, 'request_too_large', message),
  fatal: (message = 'Your request failed to complete. A fatal error occurred. Check logs for more details.') => new SugarError(500, 'fatal_error', message),
  maintenance: () => new SugarError(503, 'maintenance', 'The server is in maintenance mode. Please try again later.'),
};

export function recordNotFound(module: string, id: string): SugarError {
  return sugarErrors.notFound(`Could not find record: ${id} in module: ${module}`);
}
