import type { Client } from '@temporalio/client';
import { Types } from 'mongoose';
import { retentionScheduleId, type RetentionPolicy } from '../../../contract/retention';
import type { Models } from '../../../domain/models';
import { deleteSchedule } from '../../../domain/schedules/schedule-client';
import { registerRetentionSchedule } from '../../../domain/schedules/retention-schedule';
import { pruneHistory } from '../../../workflows';
import { connectTemporalClient, connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';

const DAY_MS = 86_400_000;
const POLICY: RetentionPolicy = { changeDays: 90, keepRefreshes: 3, runDays: 365 };

/** Bounded growth: the daily retention pass, run by the real worker over seeded history. */
describe('history retention', () => {
  let models: Models;
  let worker: RunningTestWorker;
  let temporal: { client: Client; close(): Promise<void> };
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * DAY_MS);
  const connectionId = new Types.ObjectId();
  const listId = new Types.ObjectId();
  const segmentId = new Types.ObjectId();
  const otherSegmentId = new Types.ObjectId();

  async function seedRun(kind: 'segment-refresh' | 'list-sync', age: number, owner: { segmentId?: Types.ObjectId; listId?: Types.ObjectId }) {
    const run = await models.Run.create({ kind, status: 'succeeded', connectionId, workflowId: `wf-${new Types.ObjectId()}`, ...owner, createdAt: daysAgo(age), finishedAt: daysAgo(age) });
    const runId = String(run._id);
    const at = daysAgo(age);
    if (kind === 'segment-refresh') {
      const sid = String(owner.segmentId);
      await models.SegmentMembershipChange.insertMany(['a', 'b'].map((p) => ({ _id: `${runId}:${p}`, runId, segmentId: sid, crmId: p, change: 'joined', at })));
    } else {
      await models.MembershipChange.insertMany(['a', 'b'].map((p) => ({ _id: `${runId}:${p}`, runId, listId: String(listId), crmId: p, change: 'joined', email: null, at })));
      await models.SyncError.create({ runId, connectionId: String(connectionId), object: 'Lead', recordId: `00Q${runId.slice(-6)}`, field: 'x', crmField: 'X', rawValue: '1', reason: 'r', createdAt: at });
    }
    return runId;
  }

  beforeAll(async () => {
    models = await connectTestModels('retention');
    worker = await startTestWorker(models, testSecretBox());
    temporal = await connectTemporalClient();
  });
  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
    await models?.db.dropDatabase();
    await models?.db.close();
  });

  it('keeps changes younger than the retention or of the last N runs, drops runs past the run retention with their errors, and leaves other owners alone', async () => {
    await models.MarketingList.create({ _id: listId, connectionId, name: 'L', source: { kind: 'all_contacts' }, fields: ['email'], syncSettings: {} });
    await models.Segment.create({ _id: segmentId, listId: String(listId), connectionId: String(connectionId), name: 'S', query: { all: [] } });
    await models.Segment.create({ _id: otherSegmentId, listId: String(listId), connectionId: String(connectionId), name: 'T', query: { all: [] } });
    // Segment S: 4 old refreshes (the newest old one is within the last 3 runs) and 2 recent ones.
    const sOld = [];
    for (const age of [200, 150, 120, 100]) sOld.push(await seedRun('segment-refresh', age, { segmentId }));
    const sRecent = [await seedRun('segment-refresh', 10, { segmentId }), await seedRun('segment-refresh', 1, { segmentId })];
    // Segment T: one old refresh, its only one: kept as one of its last 3.
    const tOnly = await seedRun('segment-refresh', 300, { segmentId: otherSegmentId });
    // The list: a run past the run retention, an old one and a recent one.
    const lAncient = await seedRun('list-sync', 400, { listId });
    const lOld = await seedRun('list-sync', 120, { listId });
    const lRecent = await seedRun('list-sync', 2, { listId });
    const lNewer = [await seedRun('list-sync', 1, { listId }), await seedRun('list-sync', 0.5, { listId })];

    const result = await temporal.client.workflow.execute(pruneHistory, { taskQueue: worker.taskQueue, workflowId: `prune-${Date.now()}`, args: [POLICY] });

    const segmentChangeRuns = new Set((await models.SegmentMembershipChange.find({}, { runId: 1 }).lean()).map((c) => c.runId));
    // Last 3 of S are 100, 10 and 1 days old; 200/150/120 are older than 90 days and outside them.
    expect([...segmentChangeRuns].sort()).toEqual([sOld[3], ...sRecent, tOnly].sort());
    const listChangeRuns = new Set((await models.MembershipChange.find({}, { runId: 1 }).lean()).map((c) => c.runId));
    expect([...listChangeRuns].sort()).toEqual([lRecent, ...lNewer].sort());
    expect(await models.Run.exists({ _id: lAncient })).toBeNull();
    expect(await models.Run.exists({ _id: lOld })).not.toBeNull();
    expect(await models.SyncError.countDocuments({ runId: lAncient })).toBe(0);
    expect(await models.SyncError.countDocuments({ runId: lOld })).toBe(1);
    expect(await models.Run.exists({ _id: tOnly })).not.toBeNull(); // 300 days is within the run retention
    expect(result).toEqual({ runs: 1, segmentChanges: 6, listChanges: 2 });
  });

  it('is registered as a daily schedule carrying the policy', async () => {
    const taskQueue = `retention-${Date.now()}`;
    await registerRetentionSchedule(temporal.client, taskQueue, POLICY);
    try {
      const described = await temporal.client.schedule.getHandle(retentionScheduleId(taskQueue)).describe();
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'pruneHistory', taskQueue, args: [POLICY] });
    } finally {
      await deleteSchedule(temporal.client, retentionScheduleId(taskQueue));
    }
  });
});
