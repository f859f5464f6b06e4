import { connectionFormToInput } from '../../../api/forms/connection-form';
import { newConnectionInput } from '../../../domain/connections/connection-input';

describe('a SugarCRM connection as the API and the form submit it', () => {
  const form = { crm: 'sugar', name: 'Sugar prod', loginUrl: 'https://acme.sugarondemand.com', platform: '', username: 'crm-sync', password: 'pw', clientId: '', clientSecret: '' };

  it("takes the instance, the user and password, and defaults Sugar's own OAuth client, the crm_sync platform and v11_25", () => {
    expect(newConnectionInput.parse(connectionFormToInput(form))).toEqual({
      crm: 'sugar',
      name: 'Sugar prod',
      loginUrl: 'https://acme.sugarondemand.com',
      apiVersion: 'v11_25',
      platform: 'crm_sync',
      auth: { type: 'password', username: 'crm-sync', password: 'pw', clientId: 'sugar', clientSecret: '' },
    });
  });

  it("refuses the 'base' platform, whose sign-ins would log the user out of the browser", () => {
    const parsed = newConnectionInput.safeParse(connectionFormToInput({ ...form, platform: 'base' }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['platform', "must not be 'base': a sign-in on it would log the user out of the browser"]]);
  });

  it('asks for the password', () => {
    const parsed = newConnectionInput.safeParse(connectionFormToInput({ ...form, password: '' }));
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['auth.password']);
  });
});
