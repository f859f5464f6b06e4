import { startListFixture, type ListFixture } from './list-fixture';

const ORG = { leads: 30, contacts: 90, accounts: 20, users: 3, opportunities: 10, campaigns: 2 };

/** Pushing a list's changed values to the CRM: only differences, only what the mapping allows, per-record failures kept. */
describe('list sync push', () => {
  let f: ListFixture;
  let listId: string;
  let memberIds: string[];
  let nextScore = 500;

  const crmScore = (id: string) => f.emulator.store.get('Contact', id)?.Behavior_Score__c ?? null;
  const crmTitle = (id: string) => f.emulator.store.get('Contact', id)?.Title ?? null;
  const writes = () => (f.emulator.stats.byEndpoint['composite.sobjects.update'] ?? 0) + (f.emulator.stats.byEndpoint['sobjects.update'] ?? 0);

  /** New scores for some members, as a list-maintenance program would set them. */
  async function scoreLocally(ids: string[]): Promise<Map<string, number>> {
    const scores = new Map(ids.map((id) => [id, nextScore++]));
    for (const [id, score] of scores) await f.models.ListMember.updateOne({ listId, crmId: id }, { $set: { 'values.behaviorScore': score } });
    return scores;
  }

  /**
   * A list sync whose first CRM write is carried out but answered with a dropped connection: the
   * sync succeeds, every scored record holds its score and was written exactly once.
   */
  async function syncLosingOneAnswer(ids: string[]) {
    const scores = await scoreLocally(ids);
    f.emulator.stats.reset();
    f.emulator.faults.resetInjectedCounts();
    f.emulator.faults.failNext('LOST_ANSWER', 1);
    const run = await f.syncList(listId);
    f.emulator.faults.clear();
    expect(f.emulator.faults.injectedCounts()).toEqual({ LOST_ANSWER: 1 });
    expect(run.status).toBe('succeeded');
    for (const [id, score] of scores) expect({ id, score: crmScore(id), writes: f.emulator.stats.writesOf(id) }).toEqual({ id, score, writes: 1 });
    return run;
  }

  beforeAll(async () => {
    f = await startListFixture('list_push', { org: ORG, seed: 5 });
    listId = (await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } })).listId;
    memberIds = (await f.models.ListMember.find({ listId }, { crmId: 1 }).sort({ crmId: 1 }).lean()).map((m) => m.crmId);
    expect(memberIds).toHaveLength(ORG.contacts);
  });
  afterAll(() => f?.close());

  it('a field the push policy denies cannot be chosen for push (400 naming it)', async () => {
    const res = await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { push: { fields: ['behaviorScore', 'title'] } }).expect(400);
    expect(res.body.error.details.problems).toEqual([{ path: 'body.push.fields[1]', message: expect.stringContaining("'title' may not be pushed") }]);
  });

  it('pushes changed scores to the CRM, leaves fields without allow-push untouched, then costs nothing when unchanged', async () => {
    const scores = await scoreLocally(memberIds.slice(0, 30));
    const titled = memberIds.slice(30, 35);
    const titlesBefore = titled.map(crmTitle);
    for (const id of titled) await f.models.ListMember.updateOne({ listId, crmId: id }, { $set: { 'values.title': 'Changed here only' } });

    const run = await f.syncList(listId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.push).toMatchObject({ candidates: 30, pushed: 30, failed: 0, path: 'collections', calls: 1 });
    for (const [id, score] of scores) expect({ id, score: crmScore(id) }).toEqual({ id, score });
    expect(titled.map(crmTitle)).toEqual(titlesBefore);

    const writesBefore = writes();
    const callsBefore = f.emulator.stats.apiCalls;
    const quiet = await f.syncList(listId);
    expect(quiet.status).toBe('succeeded');
    expect(quiet.counts.push).toMatchObject({ candidates: 0, pushed: 0, calls: 0, path: null });
    expect(quiet.apiCalls).toBe(0);
    expect(writes()).toBe(writesBefore);
    // The CRM data was fresh enough, so no admin sync ran first either: the whole list sync made no call.
    expect(f.emulator.stats.apiCalls).toBe(callsBefore);
  });

  it('keeps records the CRM refuses as error entries with its message, and retrying them alone succeeds once the fault is gone', async () => {
    const scores = await scoreLocally(memberIds.slice(40, 60));
    const refused = memberIds.slice(40, 42);
    f.emulator.faults.failRecordWrites(refused, { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score changes are frozen this quarter', fields: ['Behavior_Score__c'] });
    const run = await f.syncList(listId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.push).toMatchObject({ pushed: 18, failed: 2 });
    const errors = (await f.ops.get(`/api/v1/runs/${run.id}/push-errors`).expect(200)).body;
    expect(errors.errors.map((e: { crmId: string }) => e.crmId).sort()).toEqual([...refused].sort());
    expect(errors.errors[0]).toMatchObject({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score changes are frozen this quarter', resolvedByRunId: null });
    for (const id of refused) expect(crmScore(id)).not.toBe(scores.get(id));

    f.emulator.faults.clearRecordWriteFaults();
    const writesBefore = writes();
    const retry = await f.ops.post(`/api/v1/runs/${run.id}/retry-failed-records`).expect(202);
    expect(retry.body).toMatchObject({ joined: false, records: 2 });
    const retried = await f.waitForRun(retry.body.runId);
    expect(retried).toMatchObject({ status: 'succeeded', options: { mode: 'retry-push', retryOf: run.id } });
    expect(retried.counts.push).toMatchObject({ candidates: 2, pushed: 2, failed: 0 });
    expect(writes()).toBe(writesBefore + 1);
    for (const [id, score] of scores) expect({ id, score: crmScore(id) }).toEqual({ id, score });
    expect((await f.ops.get(`/api/v1/runs/${run.id}/push-errors?open=true`).expect(200)).body.page.total).toBe(0);
    await f.ops.post(`/api/v1/runs/${run.id}/retry-failed-records`).expect(409);
  });

  it('a write the CRM carried out but whose answer was lost is not sent again: each record written once, counted once', async () => {
    const run = await syncLosingOneAnswer(memberIds.slice(0, 12));
    expect(run.counts.push).toMatchObject({ candidates: 12, pushed: 12, failed: 0, path: 'collections' });
  });

  it('a record deleted in the CRM comes back as a per-record error, never a failed run', async () => {
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { pull: { remove: false }, freshnessMinutes: 0 }).expect(200);
    const gone = memberIds[70];
    f.emulator.store.delete('Contact', gone);
    await scoreLocally([gone, memberIds[71]]);
    const run = await f.syncList(listId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.push).toMatchObject({ pushed: 1, failed: 1 });
    const errors = (await f.ops.get(`/api/v1/runs/${run.id}/push-errors`).expect(200)).body.errors;
    expect(errors).toEqual([expect.objectContaining({ crmId: gone, code: 'ENTITY_IS_DELETED' })]);
  });

  it('above the bulk threshold the push goes through the Bulk API and lands the same values', async () => {
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { bulkThreshold: 5, freshnessMinutes: 30 }).expect(200);
    const scores = await scoreLocally(memberIds.slice(0, 25));
    const run = await f.syncList(listId);
    expect(run.status).toBe('succeeded');
    // The contact deleted in the CRM above is still a member (remove is off) and is refused again.
    expect(run.counts.push).toMatchObject({ pushed: 25, failed: 1, path: 'bulk' });
    const errors = (await f.ops.get(`/api/v1/runs/${run.id}/push-errors`).expect(200)).body.errors;
    expect(errors).toEqual([expect.objectContaining({ crmId: memberIds[70], code: 'ENTITY_IS_DELETED' })]);
    for (const [id, score] of scores) expect({ id, score: crmScore(id) }).toEqual({ id, score });
    expect(f.emulator.stats.deletes).toBe(0);
  });

  it('through the Bulk API too, a lost answer makes no record written twice', async () => {
    const run = await syncLosingOneAnswer(memberIds.slice(25, 40));
    // The contact deleted in the CRM above is refused again.
    expect(run.counts.push).toMatchObject({ pushed: 15, failed: 1, path: 'bulk' });
  });
});
