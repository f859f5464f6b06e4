import { listScheduleId, scheduledListSyncWorkflowId } from '../../../contract';
import { scheduleIdOf, type ScheduleTarget } from '../../../contract/schedules';
import { upsertSchedule } from '../../../domain/schedules/schedule-client';
import type { ScheduleSettings } from '../../../domain/schedules/schedule-settings';
import { removeSchedule, reregisterSchedules, runScheduleNow, saveSchedule, type ScheduleDeps } from '../../../domain/schedules/target-schedules';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

const ORG = { leads: 20, contacts: 30, accounts: 6, users: 2, opportunities: 4, campaigns: 1 };
/** Never fires on its own during the test: runs start only by "run now". */
const PAUSED_DAILY: ScheduleSettings = { mode: 'daily', at: '03:00', timeZone: 'UTC', overlap: 'skip', paused: true };

/** One abstraction for every schedule: each target's schedule starts scheduledRun, which runs the target's work. */
describe('scheduled runs', () => {
  let f: ListFixture;
  let deps: ScheduleDeps;
  let listId: string;
  let programId: string;
  const targets: ScheduleTarget[] = [];

  const scheduledRunsOf = (filter: Record<string, unknown>) => f.models.Run.find({ ...filter, trigger: 'schedule' }).lean();
  async function succeededScheduledRun(what: string, filter: Record<string, unknown>, before: number): Promise<void> {
    await waitFor(what, async () => ((await scheduledRunsOf({ ...filter, status: 'succeeded' })).length > before ? true : undefined), 90_000);
  }
  const rawDescribe = (target: ScheduleTarget) => f.temporal.client.schedule.getHandle(scheduleIdOf(target)).describe();

  beforeAll(async () => {
    f = await startListFixture('scheduled_run', { org: ORG, seed: 7 });
    deps = { models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue };
    listId = (await f.importList({ name: 'Scheduled leads', source: { kind: 'all_leads' } })).listId;
    programId = (await f.marketer.post('/api/v1/programs', { listId, name: 'Nothing to do', steps: [] }).expect(201)).body.id as string;
    targets.push({ kind: 'connection', connectionId: f.connectionId }, { kind: 'list', listId }, { kind: 'program', programId });
  });
  afterAll(async () => {
    for (const target of targets) await removeSchedule(f.temporal.client, target);
    await waitFor('the scheduled runs to end', async () => ((await f.models.Run.exists({ status: { $in: ['queued', 'running'] } })) ? undefined : true), 90_000).catch(() => undefined);
    await f?.close();
  });

  it('a connection, a list and a program schedule each start scheduledRun with their target, which runs the target’s work', async () => {
    const cases: [ScheduleTarget, Record<string, unknown>][] = [
      [targets[2], { kind: 'list-maintenance' }],
      [targets[1], { kind: 'list-sync', listId }],
      [targets[0], { kind: 'sync-pipeline' }],
    ];
    for (const [target, runFilter] of cases) {
      await saveSchedule(deps, target, PAUSED_DAILY);
      const raw = await rawDescribe(target);
      expect(raw.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledRun', args: [target], taskQueue: f.worker.taskQueue });
      const before = (await scheduledRunsOf({ ...runFilter, status: 'succeeded' })).length;
      await runScheduleNow(f.temporal.client, target);
      await succeededScheduledRun(`a scheduled ${target.kind} run`, runFilter, before);
    }
    expect((await f.models.Program.findById(programId).lean())?.schedule).toMatchObject({ mode: 'daily', at: '03:00', description: 'daily at 03:00 UTC' });
  });

  it('a schedule an earlier version registered still starts its old workflow type, and re-registration at start points it at scheduledRun', async () => {
    // As the previous version left it: the list's settings stored, its schedule starting scheduledListSync.
    await f.models.MarketingList.updateOne({ _id: listId }, { $set: { schedule: { ...PAUSED_DAILY, description: 'daily at 03:00 UTC' } } });
    await removeSchedule(f.temporal.client, { kind: 'list', listId });
    await upsertSchedule(f.temporal.client, {
      scheduleId: listScheduleId(listId),
      workflowType: 'scheduledListSync',
      workflowId: scheduledListSyncWorkflowId(listId),
      taskQueue: f.worker.taskQueue,
      args: [{ listId }],
      settings: PAUSED_DAILY,
      memo: { listId },
    });
    const before = (await scheduledRunsOf({ kind: 'list-sync', listId, status: 'succeeded' })).length;
    await runScheduleNow(f.temporal.client, { kind: 'list', listId });
    await succeededScheduledRun('a list sync started by the old workflow type', { kind: 'list-sync', listId }, before);
    const [started] = (await rawDescribe({ kind: 'list', listId })).info.recentActions;
    expect((await f.temporal.client.workflow.getHandle(started.action.workflow.workflowId).describe()).type).toBe('scheduledListSync');

    expect(await reregisterSchedules(deps, ['list'])).toBe(1);
    const raw = await rawDescribe({ kind: 'list', listId });
    expect(raw.action).toMatchObject({ workflowType: 'scheduledRun', args: [{ kind: 'list', listId }] });
    expect(raw.memo).toEqual({ listId });
    expect(raw.state.paused).toBe(true);
    expect(raw.info.recentActions).toHaveLength(1);
  });
});
