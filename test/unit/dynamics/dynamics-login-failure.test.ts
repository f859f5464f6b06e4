import { CrmError } from '../../../domain/crm/connector';
import { classifyDynamicsLoginFailure } from '../../../domain/crm/dynamics/dynamics-login-failure';
import { TOKEN_ENDPOINT_UNREACHABLE } from '../../../domain/crm/dynamics/dynamics-token-client';

const CREDENTIALS = {
  kind: 'dynamics' as const,
  loginUrl: 'https://login.microsoftonline.com',
  environmentUrl: 'https://contoso.crm.dynamics.com',
  apiVersion: '9.2',
  tenantId: '7a1c6c8e-0d1b-4e8e-9f3a-2b5c9d0e4f61',
  clientId: 'app',
  clientSecret: 'secret',
};

describe('why a Dynamics sign-in failed', () => {
  it('an Entra ID error is a refusal by the authority, in Entra ID’s words', () => {
    expect(classifyDynamicsLoginFailure(new CrmError('AADSTS7000215: Invalid client secret provided.', 'invalid_client'), CREDENTIALS)).toEqual({
      kind: 'rejected',
      message: 'login.microsoftonline.com refused the sign-in: invalid_client: AADSTS7000215: Invalid client secret provided.',
    });
  });

  it('an authority that cannot be reached, or answers like something else, is named without its answer', () => {
    expect(classifyDynamicsLoginFailure(new CrmError('could not reach', TOKEN_ENDPOINT_UNREACHABLE, 'ECONNREFUSED'), CREDENTIALS)).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('login.microsoftonline.com') });
    expect(classifyDynamicsLoginFailure(new CrmError('could not reach', TOKEN_ENDPOINT_UNREACHABLE, 'CERT_HAS_EXPIRED'), CREDENTIALS)).toMatchObject({ kind: 'tls' });
    expect(classifyDynamicsLoginFailure(new CrmError('<html>internal page</html>', 'ERROR_HTTP_404'), CREDENTIALS)).toEqual({ kind: 'unexpected-answer', message: 'login.microsoftonline.com answered HTTP 404, not as Microsoft Entra ID does' });
  });

  it('an environment that refuses the token or is not Dataverse is named as the environment', () => {
    expect(classifyDynamicsLoginFailure(new CrmError('401', 'INVALID_SESSION_ID'), CREDENTIALS)).toMatchObject({ kind: 'rejected', message: expect.stringContaining('contoso.crm.dynamics.com refused the access token') });
    const html = classifyDynamicsLoginFailure(new CrmError('<html>secret intranet page</html>', 'HTTP_404'), CREDENTIALS);
    expect(html).toEqual({ kind: 'unexpected-answer', message: 'contoso.crm.dynamics.com answered HTTP 404, not as a Dataverse environment does' });
    expect(classifyDynamicsLoginFailure(Object.assign(new Error('late'), { name: 'LoginTimeoutError' }), CREDENTIALS)).toMatchObject({ kind: 'timeout' });
  });
});
