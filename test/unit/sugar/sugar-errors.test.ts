import { classifyAnswer, classifyNetworkError, fieldsNamedBy, toCrmError } from '../../../domain/crm/sugar/sugar-errors';
import { outcomeOfPart } from '../../../domain/crm/sugar/sugar-writes';

describe('Sugar error classification', () => {
  it('renews the session on 401, whether the token expired (invalid_grant) or is missing (need_login)', () => {
    expect(classifyAnswer(401, { error: 'invalid_grant', error_message: 'The access token provided is invalid.' })).toMatchObject({ kind: 'auth', code: 'invalid_grant' });
    expect(classifyAnswer(401, { error: 'need_login', error_message: 'No valid authentication for user.' }).kind).toBe('auth');
  });

  it('waits out a 429 for its Retry-After, and retries 5xx (fatal_error, maintenance)', () => {
    expect(classifyAnswer(429, { error: 'too_many_requests' }, '3')).toMatchObject({ kind: 'throttled', retryAfterSeconds: 3 });
    expect(classifyAnswer(429, {}, null)).toMatchObject({ kind: 'throttled', retryAfterSeconds: undefined, code: 'HTTP_429' });
    expect(classifyAnswer(500, { error: 'fatal_error', error_message: 'Database failure. Please refer to sugarcrm.log for details.' }).kind).toBe('server');
    expect(classifyAnswer(503, { error: 'maintenance' }).kind).toBe('server');
  });

  it('keeps Sugar’s own words for final refusals', () => {
    expect(classifyAnswer(422, { error: 'invalid_parameter', error_message: 'Invalid value for field customer_tier_c in module Contacts: "x"' })).toEqual({
      kind: 'final',
      status: 422,
      code: 'invalid_parameter',
      message: 'Invalid value for field customer_tier_c in module Contacts: "x"',
    });
  });

  it('tells a broken connection (the answer was lost) from a request that never left', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET', message: 'socket hang up' } });
    expect(classifyNetworkError(reset)).toMatchObject({ kind: 'lost-answer', code: 'ECONNRESET' });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } });
    expect(classifyNetworkError(refused)).toMatchObject({ kind: 'final', code: 'ECONNREFUSED' });
  });

  it('names failure classes in the core’s words once retries are used up', () => {
    expect(toCrmError(classifyAnswer(429, { error: 'too_many_requests', error_message: 'Too many requests.' })).crmCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(toCrmError(classifyAnswer(500, { error: 'fatal_error', error_message: 'boom' }))).toMatchObject({ crmCode: 'SERVER_UNAVAILABLE', message: 'boom (SugarCRM fatal_error)' });
    expect(toCrmError(classifyAnswer(401, { error: 'invalid_grant' })).crmCode).toBe('INVALID_SESSION_ID');
    expect(toCrmError({ kind: 'lost-answer', code: 'ECONNRESET', message: 'socket hang up' })).toMatchObject({ crmCode: 'CONNECTION_LOST', transportCode: 'ECONNRESET' });
  });

  it('names the field a refusal names', () => {
    expect(fieldsNamedBy('Invalid value for field customer_tier_c in module Contacts: "x"')).toEqual(['customer_tier_c']);
    expect(fieldsNamedBy('Missing parameter: last_name')).toEqual(['last_name']);
    expect(fieldsNamedBy('Could not find record: abc in module: Contacts')).toEqual([]);
  });
});

describe('a /bulk write part’s outcome', () => {
  it('succeeds on 2xx, tries again after a lock wait or 5xx, and reports a deleted record or refused value as the record’s error', () => {
    expect(outcomeOfPart({ status: 200, contents: { id: 'c1' } })).toEqual({ success: true });
    expect(outcomeOfPart({ status: 500, contents: { error: 'fatal_error', error_message: 'Database failure. Please refer to sugarcrm.log for details.' } })).toMatchObject({ success: false, retry: true });
    expect(outcomeOfPart({ status: 404, contents: { error: 'not_found', error_message: 'Could not find record: c1 in module: Contacts' } })).toEqual({
      success: false,
      retry: false,
      error: { code: 'not_found', message: 'Could not find record: c1 in module: Contacts', fields: [] },
    });
    expect(outcomeOfPart({ status: 422, contents: { error: 'invalid_parameter', error_message: 'Invalid value for field behavior_score_c in module Contacts: "x"' } })).toMatchObject({
      retry: false,
      error: { fields: ['behavior_score_c'] },
    });
  });
});
