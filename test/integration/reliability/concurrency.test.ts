import { DEMO_MAPPING } from '../../../scripts/demo-connection';
import { expectOneRunAndAtMostOneFollowUp, type TriggerAnswer } from '../runs/trigger-answers';
import { burst, canonical } from './support/concurrency-burst';
import { startFuzzFixture, waitForQuietRuns, type FuzzFixture } from './support/fuzz-fixture';

const N = 20;

/**
 * Two runs of the same work never overlap: N simultaneous triggers of one sync, list sync, program,
 * segment refresh or pipeline start exactly one run, and every caller is told its id, or, for the
 * work whose triggers promise a run that reads after them, the one follow-up queued behind it. Simultaneous
 * edits of a mapping or a segment leave exactly one caller's document, never a mix.
 */
describe('concurrency', () => {
  let f: FuzzFixture;

  beforeAll(async () => {
    f = await startFuzzFixture('concurrency', 61);
  });
  afterAll(() => f?.close());

  const triggers: [string, string, () => string, Record<string, unknown> | undefined][] = [
    ['crm-admin-sync', 'the CRM Administration sync', () => `/api/v1/connections/${f.connectionId}/syncs`, { mode: 'incremental' }],
    ['list-sync', 'a list sync', () => `/api/v1/lists/${f.listId}/syncs`, undefined],
    ['list-maintenance', 'a program run', () => `/api/v1/programs/${f.programId}/runs`, undefined],
    ['segment-refresh', 'a segment refresh', () => `/api/v1/segments/${f.segmentId}/refreshes`, undefined],
    ['sync-pipeline', 'a pipeline run', () => `/api/v1/connections/${f.connectionId}/pipeline-runs`, undefined],
  ];

  it.each(triggers)(`${N} simultaneous triggers of %s (%s) start exactly one run (and at most one follow-up) and all name it`, async (kind, _what, url, body) => {
    await waitForQuietRuns(f.models);
    const before = new Set((await f.models.Run.find({ kind }, { _id: 1 }).lean()).map((r) => String(r._id)));
    const started = Date.now();
    const answers = await burst(N, () => f.admin.post(url(), body));
    const statuses = answers.map((a) => a.status);
    expect({ kind, statuses: [...new Set(statuses)] }).toEqual({ kind, statuses: [202] });
    const runs = expectOneRunAndAtMostOneFollowUp(answers.map((a) => a.body as TriggerAnswer));
    // Programs keep join-only triggers: no follow-up is ever queued for them.
    if (kind === 'list-maintenance') expect({ kind, followUp: runs.followUp }).toEqual({ kind, followUp: null });
    const runIds = [runs.started, ...(runs.followUp ? [runs.followUp] : [])];
    await waitForQuietRuns(f.models, 90_000);
    const created = (await f.models.Run.find({ kind }).lean()).filter((r) => !before.has(String(r._id)));
    expect({ kind, runs: created.map((r) => String(r._id)).sort() }).toEqual({ kind, runs: runIds.sort() });
    expect({ kind, statuses: created.map((r) => r.status) }).toEqual({ kind, statuses: runIds.map(() => 'succeeded') });
    process.stdout.write(`${N} triggers of ${kind}: ${runIds.length} run(s), triggered and finished in ${Date.now() - started} ms\n`);
  });

  it(`${N} simultaneous mapping saves leave exactly one of the submitted mappings`, async () => {
    await waitForQuietRuns(f.models);
    // Each body differs: a different subset of the optional entries and alternating push policies.
    const bodies = Array.from({ length: N }, (_, i) => ({
      pushPolicy: { default: i % 2 ? 'allow' : 'deny' },
      entries: DEMO_MAPPING.entries.filter((e, k) => !['Title', 'Phone', 'Customer_Tier__c', 'Interests__c', 'Last_Webinar_Date__c'].includes(e.crmField) || (i >> (k % 5)) % 2 === 1),
    }));
    expect(new Set(bodies.map(canonical)).size).toBeGreaterThan(N / 2);
    const answers = await burst(N, (i) => f.admin.put(`/api/v1/connections/${f.connectionId}/mapping`, bodies[i]));
    expect([...new Set(answers.map((a) => a.status))]).toEqual([200]);
    const stored = (await f.admin.get(`/api/v1/connections/${f.connectionId}/mapping`).expect(200)).body.mapping;
    const submitted = bodies.map((b) => canonical(b));
    expect(submitted).toContain(canonical({ pushPolicy: stored.pushPolicy, entries: stored.entries }));
    const connection = await f.models.Connection.findById(f.connectionId).lean();
    expect(connection?.mappingUpdatedAt).toBeInstanceOf(Date);
  });

  it(`${N} simultaneous segment edits leave exactly one of the submitted name and query pairs`, async () => {
    const bodies = Array.from({ length: N }, (_, i) => ({
      name: `Edit ${i}`,
      query: { all: [{ object: 'Member', field: 'Email', op: 'contains', value: `edit${i}` }, ...(i % 2 ? [{ object: 'Member', field: 'LastName', op: 'is_not_empty' }] : [])] },
    }));
    const answers = await burst(N, (i) => f.marketer.put(`/api/v1/segments/${f.segmentId}`, bodies[i]));
    expect([...new Set(answers.map((a) => a.status))]).toEqual([200]);
    const stored = await f.models.Segment.findById(f.segmentId).lean();
    const winner = bodies.findIndex((b) => b.name === stored?.name);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(canonical(stored?.query)).toEqual(canonical(bodies[winner].query));
    const last = answers.map((a) => a.body).filter((b) => b.name === stored?.name);
    expect(last.length).toBeGreaterThanOrEqual(1);
  });
});
