import { loadConfig } from '../../../domain/config';
import { webhookUrlProblem } from '../../../domain/alerts/webhook-target';
import { canonicalLoginUrl, loginUrlProblem } from '../../../domain/connections/login-url';
import { CrmError } from '../../../domain/crm/connector';
import { CONNECTION_LOST } from '../../../domain/crm/salesforce/salesforce-connector';
import { classifyLoginFailure, LoginTimeoutError } from '../../../domain/crm/salesforce/salesforce-login-failure';
import { hostMatches, isInternalAddress, isLoopbackHost, STRICT_OUTBOUND_HOSTS } from '../../../domain/outbound/outbound-hosts';

const BASE = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' };

describe('outbound host settings', () => {
  it('are strict by default, and the loopback switch is refused in production', () => {
    expect(loadConfig(BASE).outbound).toEqual({ allowLoopback: false, extraCrmLoginHosts: [], webhookHosts: [] });
    expect(loadConfig({ ...BASE, CRM_SYNC_ALLOW_LOOPBACK_HOSTS: 'true' }).outbound.allowLoopback).toBe(true);
    expect(() => loadConfig({ ...BASE, CRM_SYNC_ALLOW_LOOPBACK_HOSTS: 'yes' })).toThrow(/CRM_SYNC_ALLOW_LOOPBACK_HOSTS must be true or false/);
    expect(() => loadConfig({ ...BASE, NODE_ENV: 'production', CRM_SYNC_ALLOW_LOOPBACK_HOSTS: 'true' })).toThrow(/CRM_SYNC_ALLOW_LOOPBACK_HOSTS: a development setting, refused with NODE_ENV=production/);
  });

  it('read host lists, and name the setting when a host is not a host', () => {
    const config = loadConfig({ ...BASE, CRM_SYNC_CRM_LOGIN_HOSTS: ' sf-proxy.corp.example , *.my.salesforce.mil', CRM_SYNC_WEBHOOK_HOSTS: 'alerts.corp.example' });
    expect(config.outbound).toEqual({ allowLoopback: false, extraCrmLoginHosts: ['sf-proxy.corp.example', '*.my.salesforce.mil'], webhookHosts: ['alerts.corp.example'] });
    expect(() => loadConfig({ ...BASE, CRM_SYNC_WEBHOOK_HOSTS: 'https://alerts.corp.example/x' })).toThrow(/CRM_SYNC_WEBHOOK_HOSTS must be host names/);
  });
});

describe('host rules', () => {
  it.each([
    ['acme.my.salesforce.com', '*.my.salesforce.com', true],
    ['acme--uat.sandbox.my.salesforce.com', '*.my.salesforce.com', true],
    ['my.salesforce.com', '*.my.salesforce.com', false],
    ['evilmy.salesforce.com', '*.my.salesforce.com', false],
    ['LOGIN.Salesforce.com.', 'login.salesforce.com', true],
    ['login.salesforce.com.evil.example', 'login.salesforce.com', false],
  ])('%s against %s is %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true, true], ['127.9.9.9', true, true], ['::1', true, true], ['[::1]', true, true], ['::ffff:127.0.0.1', true, true],
    ['localhost', true, false], ['api.localhost', true, false],
    ['10.0.0.1', false, true], ['172.16.5.5', false, true], ['172.32.0.1', false, false], ['192.168.1.1', false, true],
    ['169.254.169.254', false, true], ['100.64.0.1', false, true], ['0.0.0.0', false, true], ['fe80::1', false, true], ['fd12::1', false, true],
    ['8.8.8.8', false, false], ['2606:4700::1111', false, false], ['::ffff:10.0.0.1', false, true],
  ])('%s: loopback %s, internal %s', (host, loopback, internal) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    expect(isInternalAddress(host)).toBe(internal);
  });

  it('CRM login URLs: https to Salesforce hosts or the operator’s, loopback only in development, host only', () => {
    const dev = { ...STRICT_OUTBOUND_HOSTS, allowLoopback: true };
    expect(loginUrlProblem('https://login.salesforce.com', 'salesforce', STRICT_OUTBOUND_HOSTS)).toBeNull();
    expect(loginUrlProblem('https://na1.salesforce.com', 'salesforce', STRICT_OUTBOUND_HOSTS)).toContain('is not a salesforce login host');
    expect(loginUrlProblem('https://sf-proxy.corp.example', 'salesforce', { ...STRICT_OUTBOUND_HOSTS, extraCrmLoginHosts: ['sf-proxy.corp.example'] })).toBeNull();
    expect(loginUrlProblem('http://127.0.0.1:8444', 'salesforce', dev)).toBeNull();
    expect(loginUrlProblem('http://127.0.0.1:8444', 'salesforce', STRICT_OUTBOUND_HOSTS)).toContain('loopback host');
    expect(loginUrlProblem('http://10.0.0.8', 'salesforce', dev)).toContain('must start with https://');
    expect(loginUrlProblem('https://login.salesforce.com/?x=1', 'salesforce', STRICT_OUTBOUND_HOSTS)).toContain('without a path or query');
    expect(loginUrlProblem('ftp://login.salesforce.com', 'salesforce', STRICT_OUTBOUND_HOSTS)).toContain('must be a URL such as');
    expect(canonicalLoginUrl('HTTPS://Login.Salesforce.com:443/')).toBe('https://login.salesforce.com');
  });

  it('webhooks: any public https host; with a list, only the list', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/a', STRICT_OUTBOUND_HOSTS)).toBeNull();
    expect(webhookUrlProblem('https://10.0.0.1/a', STRICT_OUTBOUND_HOSTS)).toContain('internal address');
    expect(webhookUrlProblem('https://10.0.0.1/a', { ...STRICT_OUTBOUND_HOSTS, webhookHosts: ['10.0.0.1'] })).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:9/a', { ...STRICT_OUTBOUND_HOSTS, allowLoopback: true })).toBeNull();
  });
});

describe('a failed sign-in, classified without the answer’s body', () => {
  const host = 'acme.my.salesforce.com';
  const cases: [Error, string, string][] = [
    [new CrmError('request to https://x failed, reason: connect ECONNREFUSED', CONNECTION_LOST, 'ECONNREFUSED'), 'unreachable', 'could not reach acme.my.salesforce.com: the connection was refused'],
    [new CrmError('getaddrinfo ENOTFOUND', CONNECTION_LOST, 'ENOTFOUND'), 'unreachable', 'could not reach acme.my.salesforce.com: the host name does not resolve'],
    [new CrmError('certificate has expired', CONNECTION_LOST, 'CERT_HAS_EXPIRED'), 'tls', 'the secure connection to acme.my.salesforce.com failed (CERT_HAS_EXPIRED)'],
    [new CrmError("Hostname/IP does not match certificate's altnames", CONNECTION_LOST, 'ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    [new LoginTimeoutError(), 'timeout', 'acme.my.salesforce.com did not answer in time'],
    [new CrmError('INVALID_LOGIN: Invalid username, password, security token; or user locked out.', 'INVALID_LOGIN'), 'rejected', 'refused the sign-in: INVALID_LOGIN: Invalid username, password'],
    [new CrmError('invalid client credentials', 'invalid_client'), 'rejected', 'refused the sign-in: invalid_client: invalid client credentials'],
    [new CrmError('<html>secret intranet page</html>', 'ERROR_HTTP_401'), 'unexpected-answer', 'answered HTTP 401, not as a Salesforce login service does'],
    [new CrmError('<html>secret intranet page</html>', 'UNKNOWN'), 'unexpected-answer', 'answered, but not as a Salesforce login service does'],
    [new CrmError('HTTP/1.1 200 OK secret page: INVALID_LOGIN', 'UNKNOWN'), 'unexpected-answer', 'not as a Salesforce login service does'],
  ];
  it.each(cases.map(([err, kind, words]) => ({ label: `${(err as CrmError).crmCode ?? err.name}: ${err.message.slice(0, 40)}`, err, kind, words })))('$label is $kind', ({ err, kind, words }) => {
    const failure = classifyLoginFailure(err, host);
    expect(failure.kind).toBe(kind);
    expect(failure.message).toContain(words);
    expect(failure.message).not.toContain('secret');
  });

  it('keeps a CRM message to one bounded line', () => {
    const long = classifyLoginFailure(new CrmError(`INVALID_LOGIN: ${'x'.repeat(1000)}\nsecond line`, 'INVALID_LOGIN'), host);
    expect(long.message.length).toBeLessThan(400);
    expect(long.message).not.toContain('\n');
  });
});
