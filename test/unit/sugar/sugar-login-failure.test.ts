import { CrmError } from '../../../domain/crm/connector';
import type { SugarCredentials } from '../../../domain/crm/credentials';
import { classifySugarLoginFailure } from '../../../domain/crm/sugar/sugar-login-failure';
import { TOKEN_ENDPOINT_UNREACHABLE } from '../../../domain/crm/sugar/sugar-token-client';

const credentials: SugarCredentials = { kind: 'sugar', loginUrl: 'https://acme.sugarondemand.com', apiVersion: 'v11_25', username: 'crm-sync', password: 'x', clientId: 'sugar', clientSecret: '', platform: 'crm_sync' };

describe('why a SugarCRM sign-in failed', () => {
  it('keeps Sugar’s words for a refused sign-in, with what the admin can do', () => {
    expect(classifySugarLoginFailure(new CrmError('You must specify a valid username and password.', 'need_login'), credentials)).toEqual({
      kind: 'rejected',
      message: 'acme.sugarondemand.com refused the sign-in: need_login: You must specify a valid username and password. (check the user name and password)',
    });
    expect(classifySugarLoginFailure(new CrmError('The platform crm_sync is not registered on this instance.', 'invalid_parameter'), credentials).message).toContain('Configure API Platforms');
  });

  it('names a host that answered otherwise by its status, never its body', () => {
    expect(classifySugarLoginFailure(new CrmError('<html>secret page</html>', 'ERROR_HTTP_404'), credentials)).toEqual({
      kind: 'unexpected-answer',
      message: 'acme.sugarondemand.com answered HTTP 404, not as a SugarCRM instance does',
    });
    expect(classifySugarLoginFailure(new Error('boom'), credentials).kind).toBe('unexpected-answer');
  });

  it('tells unreachable hosts, TLS failures and timeouts apart', () => {
    expect(classifySugarLoginFailure(new CrmError('could not reach', TOKEN_ENDPOINT_UNREACHABLE, 'ENOTFOUND'), credentials)).toMatchObject({ kind: 'unreachable' });
    expect(classifySugarLoginFailure(new CrmError('could not reach', TOKEN_ENDPOINT_UNREACHABLE, 'CERT_HAS_EXPIRED'), credentials)).toMatchObject({ kind: 'tls' });
    expect(classifySugarLoginFailure(new CrmError('could not reach', TOKEN_ENDPOINT_UNREACHABLE, 'ETIMEDOUT'), credentials)).toMatchObject({ kind: 'timeout' });
    expect(classifySugarLoginFailure(Object.assign(new Error('slow'), { name: 'LoginTimeoutError' }), credentials)).toMatchObject({ kind: 'timeout' });
  });
});
