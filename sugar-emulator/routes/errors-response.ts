import { SugarError, sugarErrors } from '../errors';
import { jsonResponse, type ApiResponse } from './api-request';

/** Any failure as Sugar answers it: a SugarApiException's status and body, anything else a fatal_error. */
export function errorResponse(err: unknown): ApiResponse {
  const error = err instanceof SugarError ? err : sugarErrors.fatal(`Your request failed to complete. A fatal error occurred: ${(err as Error).message}`);
  return jsonResponse(error.status, error.toBody(), error.headers);
}
