import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAlertActivities } from '../../../activities/alerts';
import { saveAlertSettings } from '../../../domain/alerts/alert-settings';
import { webhookAddressProblem } from '../../../domain/alerts/webhook-target';
import { STRICT_OUTBOUND_HOSTS, type OutboundHostPolicy } from '../../../domain/outbound/outbound-hosts';
import { buildTestApp, createUser, signIn, type AppUnderTest } from '../../harness/app-under-test';
import { DEVELOPMENT_OUTBOUND_HOSTS } from '../../harness/services';

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/**
 * Issue 17, finding 2 (webhooks): the alert webhook is a URL an admin types, called by the worker
 * with the alert. It may name any public https host (Slack, Teams, PagerDuty, …) but not the
 * server's own network, unless the operator lists hosts; and a redirect is never followed.
 */
describe('security: alert webhooks go only to allowed hosts, and never follow a redirect', () => {
  let strict: AppUnderTest;
  let listed: AppUnderTest;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let listedAdmin: Awaited<ReturnType<typeof signIn>>;
  let target: Awaited<ReturnType<typeof listen>>;
  let redirector: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    strict = await buildTestApp('webhooks', { outboundHosts: STRICT_OUTBOUND_HOSTS });
    listed = await buildTestApp('webhooks', { models: strict.models, box: strict.box, outboundHosts: { ...STRICT_OUTBOUND_HOSTS, webhookHosts: ['alerts.corp.example', '*.hooks.example'] } });
    admin = await signIn(strict.app, await createUser(strict.models, 'admin'));
    listedAdmin = await signIn(listed.app, await createUser(strict.models, 'admin'));
    target = await listen((_req, res) => res.writeHead(200).end('stolen'));
    redirector = await listen((_req, res) => res.writeHead(307, { location: `${target.url}/steal?token=x` }).end());
  });
  afterAll(async () => {
    await new Promise((resolve) => target.server.close(resolve));
    await new Promise((resolve) => redirector.server.close(resolve));
    await listed?.close();
    await strict?.close();
  });

  const save = (who: typeof admin, webhookUrl: string) => who.agent.put('/api/v1/settings/alerts').set('x-csrf-token', who.csrf).send({ webhookUrl });

  it('refuses plain http, loopback, private, link-local and intranet hosts with a 400 naming webhookUrl; public https hosts are accepted', async () => {
    for (const [url, words] of [
      ['http://hooks.slack.com/services/T0/B0/x', 'must start with https://'],
      [`${target.url}/hook`, 'must start with https://'],
      ['https://127.0.0.1:8443/hook', 'is a loopback host'],
      ['https://localhost/hook', 'is a loopback host'],
      ['https://[::1]/hook', 'is a loopback host'],
      ['https://10.1.2.3/hook', 'is an internal address'],
      ['https://192.168.0.10/hook', 'is an internal address'],
      ['https://169.254.169.254/latest/meta-data/', 'is an internal address'],
      ['https://[fd00::1]/hook', 'is an internal address'],
      ['https://intranet/hook', 'is not a public host name'],
      ['https://alerts.corp.internal/hook', 'is not a public host name'],
      ['https://user:pw@hooks.slack.com/x', 'without a user name'],
    ] as const) {
      const refused = await save(admin, url).expect(400);
      expect({ url, details: refused.body.error.details }).toEqual({ url, details: [{ path: 'body.webhookUrl', message: expect.stringContaining(words) }] });
    }
    expect((await strict.models.AlertSettings.findById('alerts').lean())?.sealedWebhookUrl ?? null).toBeNull();

    for (const url of ['https://hooks.slack.com/services/T0/B0/xyz', 'https://acme.webhook.office.com/webhookb2/abc', 'https://events.pagerduty.com/v2/enqueue']) {
      expect((await save(admin, url).expect(200)).body.webhookHost).toBe(new URL(url).origin);
    }

    const form = await admin.agent.post('/settings/alerts').type('form').send({ _csrf: admin.csrf, webhookUrl: 'https://169.254.169.254/', staleAfterMinutes: '60' }).expect(400);
    expect(form.text).toContain('169.254.169.254 is an internal address');
  });

  it('with CRM_SYNC_WEBHOOK_HOSTS set, only the listed hosts are accepted, internal ones included', async () => {
    await save(listedAdmin, 'https://alerts.corp.example/hook').expect(200);
    await save(listedAdmin, 'https://pager.hooks.example/hook').expect(200);
    const other = await save(listedAdmin, 'https://hooks.slack.com/services/T0/B0/x').expect(400);
    expect(other.body.error.details[0].message).toBe('hooks.slack.com is not one of the webhook hosts this installation allows (alerts.corp.example, *.hooks.example)');
  });

  describe('delivery', () => {
    async function deliver(webhookUrl: string, outboundHosts: OutboundHostPolicy) {
      await saveAlertSettings(strict.models, strict.box, { webhookUrl });
      const id = `run-failed:${Math.random().toString(36).slice(2)}`;
      await strict.models.Alert.create({ _id: id, kind: 'run-failed', connectionId: 'c1', runId: 'r1', message: 'a run failed', raisedAt: new Date(), resolvedAt: null, delivery: { status: 'pending', attempts: 0, lastError: null, deliveredAt: null } });
      const activities = createAlertActivities({ models: strict.models, box: strict.box, outboundHosts });
      const outcome = await new MockActivityEnvironment().run(activities.deliverAlert, { alertId: id }).then(
        (result) => ({ result, error: null }),
        (err: Error) => ({ result: null, error: err.message }),
      );
      return { ...outcome, alert: await strict.models.Alert.findById(id).lean() };
    }

    it('a redirect is not followed: the alert is not delivered and the redirect’s target is never called', async () => {
      const { error, alert } = await deliver(`${redirector.url}/hook`, DEVELOPMENT_OUTBOUND_HOSTS);
      expect(error).toContain('the webhook answered HTTP 307, a redirect, which is not followed');
      expect(alert?.delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('HTTP 307') });
      expect(redirector.hits).toEqual(['POST /hook']);
      expect(target.hits).toEqual([]);
    });

    it('a URL stored before the rules that they now refuse is not called', async () => {
      const { error } = await deliver(`${target.url}/hook`, STRICT_OUTBOUND_HOSTS);
      expect(error).toContain('not sent: must start with https://');
      expect(target.hits).toEqual([]);
    });

    it('a public-looking name is checked by the addresses it resolves to', async () => {
      expect(await webhookAddressProblem(new URL('https://localhost/hook'), STRICT_OUTBOUND_HOSTS)).toMatch(/^localhost resolves to the internal address (127\.0\.0\.1|::1)/);
      expect(await webhookAddressProblem(new URL('https://localhost/hook'), { ...STRICT_OUTBOUND_HOSTS, webhookHosts: ['localhost'] })).toBeNull();
    });

    it('an allowed receiver gets the alert', async () => {
      const { result, alert } = await deliver(`${target.url}/hook`, DEVELOPMENT_OUTBOUND_HOSTS);
      expect(result).toBe('delivered');
      expect(alert?.delivery.status).toBe('delivered');
      expect(target.hits).toEqual(['POST /hook']);
    });
  });
});
