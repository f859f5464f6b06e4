import { monitorEventLoopDelay } from 'node:perf_hooks';
import { matchesWhere, parseWhereClause } from '../../../domain/crm/salesforce/soql-where/soql-where';
import type { CrmFieldDescribe } from '../../../domain/crm/connector';
import { csrfFrom, createUser, signIn } from '../../harness/app-under-test';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 20, contacts: 6_000, accounts: 100, users: 3, opportunities: 0, campaigns: 1 };

/** The pattern of issue 17: 11 % wildcards. Compiled to a regex, one 27-character email took 0.5–0.8 s. */
const ATTACK = "Email LIKE '%_%_%_%_%_%_%_%_%_%_%!'";
/** As many % as the cap allows, same shape: ~110 ms per email with the old regex, about 11 minutes for 6,000 Contacts. */
const AT_THE_CAP = "Email LIKE '%_%_%_%_%_%_%_%!'";

/**
 * Issue 17, finding 1: a marketer's WHERE clause must not freeze the worker (and with it, under
 * `npm start`, the API). LIKE runs without backtracking, and over-complex patterns are refused.
 */
describe('security: a list WHERE clause cannot freeze the worker', () => {
  let f: ListFixture;

  beforeAll(async () => {
    f = await startListFixture('redos', { org: ORG, seed: 17 });
  }, 300_000);
  afterAll(async () => {
    await f?.close();
  });

  it('refuses the pattern of the issue with a 400 that says why, through the API and the form', async () => {
    const api = await f.marketer.post('/api/v1/lists', { connectionId: f.connectionId, name: 'Exclaimers', source: { kind: 'soql', object: 'Contact', where: ATTACK } }).expect(400);
    expect(api.body.error.message).toContain('the pattern has 11 % wildcards; at most 8 are allowed in one LIKE pattern');
    expect(await f.models.MarketingList.countDocuments({ name: 'Exclaimers' })).toBe(0);

    const marketer = await signIn(f.app.app, await createUser(f.models, 'marketer'));
    const form = await marketer.agent.get(`/lists/new?connectionId=${f.connectionId}`).expect(200);
    const page = await marketer.agent
      .post('/lists')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), connectionId: f.connectionId, name: 'Exclaimers', sourceKind: 'soql', object: 'Contact', where: ATTACK, fields: 'email' })
      .expect(400);
    expect(page.text).toContain('the pattern has 11 % wildcards; at most 8 are allowed in one LIKE pattern');
  });

  it('imports a list whose LIKE pattern is at the cap without stalling the event loop', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = Date.now();
    const { listId, run } = await f.importList({ name: 'At the cap', source: { kind: 'soql', object: 'Contact', where: AT_THE_CAP } });
    const importMs = Date.now() - started;
    delay.disable();
    expect(run.status).toBe('succeeded');
    expect(await f.models.ListMember.countDocuments({ listId })).toBe(0);
    // The worker runs in this process: with the old regex one batch of 2,000 records held it for minutes.
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(importMs).toBeLessThan(60_000);
  });

  it('evaluates a LIKE at the cap over the 6,000 synced Contacts in well under a second, selecting the right ones', async () => {
    const list = await f.models.MarketingList.findOne({ name: 'At the cap' }).lean();
    const whereFields = list?.source?.whereFields as CrmFieldDescribe[];
    const records = await f.models.crmRecords.Contact.find({ connectionId: f.connectionId }, { fields: 1 }).lean();
    expect(records).toHaveLength(ORG.contacts);

    for (const [where, expected] of [
      [AT_THE_CAP, () => false],
      ["Email LIKE '%_%_%_%_%_%_%_%.com'", (email: string) => email.length >= 11 && email.toLowerCase().endsWith('.com')],
    ] as const) {
      const parsed = parseWhereClause(where, 'Contact', whereFields);
      if (!parsed.ok) throw new Error(parsed.problem);
      const now = new Date();
      const started = performance.now();
      const selected = records.filter((r) => matchesWhere(parsed.clause, r.fields, now)).length;
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(500);
      expect(selected).toBe(records.filter((r) => typeof r.fields.Email === 'string' && r.fields.Email !== '' && expected(r.fields.Email)).length);
    }
  });
});
