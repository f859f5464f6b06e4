/**
 * An error in Dataverse's Web API shape: an HTTP status and `{ "error": { "code": "0x…", "message": "…" } }`,
 * the code being the platform error code in hex. Extra headers carry Retry-After for service protection.
 */
export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The platform error codes the emulator answers with, named as Dataverse's error code reference names them. */
export const ErrorCodes = {
  ObjectDoesNotExist: '0x80040217',
  InvalidArgument: '0x80040203',
  QueryError: '0x80060888',
  PayloadError: '0x80048d19',
  ConcurrencyVersionMismatch: '0x80060882',
  DuplicateRecord: '0x80040237',
  IsvAborted: '0x80040265',
  SqlTimeout: '0x80044151',
  UnexpectedError: '0x80040216',
  ExpiredVersionStamp: '0x80044352',
  ThrottlingRequests: '0x80072322',
  ThrottlingExecutionTime: '0x80072321',
  ThrottlingConcurrency: '0x80072326',
} as const;

export function recordNotFound(table: string, id: string): DataverseError {
  return new DataverseError(404, ErrorCodes.ObjectDoesNotExist, `${table} With Id = ${id} Does Not Exist`);
}

export function resourceNotFound(segment: string): DataverseError {
  return new DataverseError(404, ErrorCodes.QueryError, `Resource not found for the segment '${segment}'.`);
}
