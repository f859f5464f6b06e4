import { CrmError } from '../../../domain/crm/connector';
import { classifyFailure, toCrmError } from '../../../domain/crm/dynamics/dynamics-errors';

describe('Dataverse failure classification', () => {
  it('reads a single request’s error (code at the top), a $batch part’s (nested under error) and a broken connection', () => {
    expect(classifyFailure({ status: 404, code: '0x80040217', message: 'contact With Id = x Does Not Exist' })).toMatchObject({ kind: 'final', code: '0x80040217' });
    expect(classifyFailure([{ status: 400, error: { code: '0x80040265', message: 'Score must be below 1000' } }])).toMatchObject({ kind: 'final', code: '0x80040265', message: 'Score must be below 1000' });
    expect(classifyFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'lost-answer', code: 'ECONNRESET' });
  });

  it('takes Retry-After from a service protection 429, and sees 401 and 5xx as passing', () => {
    expect(classifyFailure({ status: 429, code: '0x80072322', message: 'Number of requests exceeded', headers: { 'retry-after': '7' } })).toMatchObject({ kind: 'throttled', retryAfterSeconds: 7 });
    expect(classifyFailure({ status: 429, code: '0x80072326', message: 'concurrent', headers: {} })).toMatchObject({ kind: 'throttled', retryAfterSeconds: undefined });
    expect(classifyFailure({ status: 401, message: 'Unexpected Error' })).toMatchObject({ kind: 'auth', code: 'HTTP_401' });
    expect(classifyFailure({ status: 503, message: 'Service Unavailable' })).toMatchObject({ kind: 'server' });
  });

  it('names failures the core has a word for by that word, keeping Dataverse’s code in the message', () => {
    const quota = toCrmError({ kind: 'throttled', status: 429, code: '0x80072322', message: 'Number of requests exceeded the limit' });
    expect(quota).toBeInstanceOf(CrmError);
    expect(quota).toMatchObject({ crmCode: 'REQUEST_LIMIT_EXCEEDED', message: 'Number of requests exceeded the limit (Dataverse 0x80072322)' });
    expect(toCrmError({ kind: 'server', code: '0x80040216', message: 'An unexpected error occurred.' }).crmCode).toBe('SERVER_UNAVAILABLE');
    expect(toCrmError({ kind: 'final', code: '0x80044352', message: 'Version stamp expired' }).crmCode).toBe('0x80044352');
    expect(toCrmError({ kind: 'lost-answer', code: 'ECONNRESET', message: 'socket hang up' })).toMatchObject({ crmCode: 'CONNECTION_LOST', transportCode: 'ECONNRESET' });
  });
});
