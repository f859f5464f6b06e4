import type { Response } from 'express';

/** An error in Salesforce's REST shape: HTTP status plus `[{message, errorCode, fields?}]`. */
export class SfApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

/** A per-record failure, as sObject Collections and DML results report them. */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export function recordError(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}

export function toApiError(error: RecordError, status = 400): SfApiError {
  return new SfApiError(status, error.statusCode, error.message, error.fields);
}

export const notFound = () => new SfApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export function sendSfError(res: Response, err: SfApiError): void {
  res.status(err.status).json(err.toBody());
}
