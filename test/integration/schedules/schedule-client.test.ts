import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  deleteSchedule,
  describeSchedule,
  pauseSchedule,
  ScheduleMissingError,
  triggerSchedule,
  unpauseSchedule,
  upsertSchedule,
  type UpsertScheduleInput,
} from '../../../domain/schedules/schedule-client';
import { describeScheduleSettings, parseScheduleSettings, type ScheduleSettings } from '../../../domain/schedules/schedule-settings';
import { connectTemporalClient, uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';

/**
 * Against the real Temporal dev server. The scheduled workflow type is registered on no worker and
 * its task queue has no poller: Temporal still records each start, and every started run stays
 * "running", which is what the overlap tests need. afterAll terminates them and deletes every schedule.
 */
describe('Temporal schedules through the schedule verbs', () => {
  const taskQueue = uniqueName('tq_schedules');
  const scheduleIds: string[] = [];
  const workflowIds = new Set<string>();
  let temporal: { client: Client; close(): Promise<void> };

  const settings = (input: Record<string, unknown>): ScheduleSettings => {
    const parsed = parseScheduleSettings(input);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.settings;
  };

  const newSchedule = (name: string, scheduleSettings: ScheduleSettings, extra: Partial<UpsertScheduleInput> = {}): UpsertScheduleInput => {
    const scheduleId = uniqueName(`sched_${name}`);
    scheduleIds.push(scheduleId);
    return { scheduleId, workflowType: 'scheduledListSync', workflowId: `${scheduleId}-run`, taskQueue, args: [{ listId: 'list-1' }], settings: scheduleSettings, ...extra };
  };

  /** Waits until the schedule has started `count` runs, remembering them for cleanup. */
  const runsOf = async (scheduleId: string, count: number) =>
    waitFor(`${count} run(s) of ${scheduleId}`, async () => {
      const state = await describeSchedule(temporal.client, scheduleId);
      state.recentRuns.forEach((run) => workflowIds.add(run.workflowId));
      return state.recentRuns.length >= count ? state.recentRuns : undefined;
    });

  const terminate = async (workflowId: string) => {
    try {
      await temporal.client.workflow.getHandle(workflowId).terminate('schedule test cleanup');
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) && !/already completed/i.test(String(err))) throw err;
    }
  };

  const rawDescribe = (scheduleId: string) => temporal.client.schedule.getHandle(scheduleId).describe();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    temporal = await connectTemporalClient();
  });

  afterAll(async () => {
    if (!temporal) return;
    for (const scheduleId of scheduleIds) {
      // Paused first, so no run starts between reading the runs and deleting the schedule.
      await pauseSchedule(temporal.client, scheduleId, 'test cleanup').catch(() => undefined);
      const state = await describeSchedule(temporal.client, scheduleId);
      state.recentRuns.forEach((run) => workflowIds.add(run.workflowId));
      await deleteSchedule(temporal.client, scheduleId);
    }
    for (const workflowId of workflowIds) await terminate(workflowId);
    await temporal.close();
  });

  it('upserting twice leaves one schedule with the latest spec and keeps its history', async () => {
    const first = newSchedule('upsert', settings({ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris' }), { memo: { listId: 'list-1' } });
    expect(await upsertSchedule(temporal.client, first)).toBe('created');
    expect(await upsertSchedule(temporal.client, first)).toBe('updated');
    await triggerSchedule(temporal.client, first.scheduleId);
    const [run] = await runsOf(first.scheduleId, 1);
    const createdAt = (await rawDescribe(first.scheduleId)).info.createdAt;

    const latest = { ...first, settings: settings({ mode: 'hourly', minute: 5, timeZone: 'America/New_York', overlap: 'buffer-one' }) };
    expect(await upsertSchedule(temporal.client, latest)).toBe('updated');

    const state = await describeSchedule(temporal.client, first.scheduleId);
    expect(state).toMatchObject({ exists: true, paused: false, description: 'hourly at :05 America/New_York' });
    expect(state.description).toBe(describeScheduleSettings(latest.settings));
    expect(state.recentRuns).toEqual([run]);
    const raw = await rawDescribe(first.scheduleId);
    expect(raw.info.createdAt).toEqual(createdAt);
    expect(raw.policies.overlap).toBe('BUFFER_ONE');
    expect(raw.memo).toEqual({ listId: 'list-1' });
    expect(raw.action).toMatchObject({ workflowType: 'scheduledListSync', workflowId: first.workflowId, taskQueue, args: [{ listId: 'list-1' }] });

    const listed = await waitFor('the schedule in the list', async () => {
      const ids: string[] = [];
      for await (const summary of temporal.client.schedule.list()) if (summary.scheduleId === first.scheduleId) ids.push(summary.scheduleId);
      return ids.length ? ids : undefined;
    });
    expect(listed).toEqual([first.scheduleId]);
  });

  it('next run times follow the spec and its time zone', async () => {
    const clockIn = (zone: string, date: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);

    const daily = newSchedule('daily', settings({ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris' }));
    await upsertSchedule(temporal.client, daily);
    const dailyState = await describeSchedule(temporal.client, daily.scheduleId);
    expect(dailyState.description).toBe('daily at 06:30 Europe/Paris');
    expect(dailyState.nextRunTimes).toHaveLength(5);
    expect(dailyState.nextRunTimes.map((t) => clockIn('Europe/Paris', t))).toEqual(Array(5).fill('06:30'));
    expect(dailyState.nextRunTimes[0].getTime()).toBeGreaterThan(Date.now());
    for (let i = 1; i < 5; i++) {
      const hours = (dailyState.nextRunTimes[i].getTime() - dailyState.nextRunTimes[i - 1].getTime()) / 3_600_000;
      expect([23, 24, 25]).toContain(hours);
    }

    // India is UTC+05:30: ":05 Asia/Kolkata" is :35 past the UTC hour.
    const hourly = newSchedule('hourly', settings({ mode: 'hourly', minute: 5, timeZone: 'Asia/Kolkata' }));
    await upsertSchedule(temporal.client, hourly);
    const hourlyState = await describeSchedule(temporal.client, hourly.scheduleId);
    expect(hourlyState.description).toBe('hourly at :05 Asia/Kolkata');
    expect(hourlyState.nextRunTimes.map((t) => clockIn('Asia/Kolkata', t).slice(3))).toEqual(Array(5).fill('05'));
    expect(hourlyState.nextRunTimes.map((t) => t.getUTCMinutes())).toEqual(Array(5).fill(35));

    const every = newSchedule('every', settings({ mode: 'every', everyMinutes: 30 }));
    await upsertSchedule(temporal.client, every);
    const everyState = await describeSchedule(temporal.client, every.scheduleId);
    expect(everyState.description).toBe('every 30 minutes');
    expect(everyState.nextRunTimes.map((t) => t.getTime() % (30 * 60_000))).toEqual(Array(5).fill(0));
    expect(everyState.nextRunTimes[1].getTime() - everyState.nextRunTimes[0].getTime()).toBe(30 * 60_000);
  });

  it('an interval schedule fires on its own, and keeps firing once the previous run ends', async () => {
    const input = newSchedule('fires', settings({ mode: 'automatic' }), { specOptions: { automaticEveryMs: 2000 } });
    await upsertSchedule(temporal.client, input);
    expect((await describeSchedule(temporal.client, input.scheduleId)).description).toBe('every 2 seconds');
    const [first] = await runsOf(input.scheduleId, 1);
    expect(first.workflowId.startsWith(`${input.workflowId}-`)).toBe(true);
    expect(first.scheduledAt.getTime() % 2000).toBe(0);
    expect(first.startedAt.getTime()).toBeGreaterThanOrEqual(first.scheduledAt.getTime());
    // Overlap is skip and nothing runs the workflow, so the next start waits for this one to end.
    await terminate(first.workflowId);
    const runs = await runsOf(input.scheduleId, 2);
    expect(runs[1].scheduledAt.getTime()).toBeGreaterThan(first.scheduledAt.getTime());
  });

  it('skip: "run now" while the previous run is still going starts nothing', async () => {
    const input = newSchedule('skip', settings({ mode: 'every', everyMinutes: 1440, overlap: 'skip' }));
    await upsertSchedule(temporal.client, input);
    await triggerSchedule(temporal.client, input.scheduleId);
    await runsOf(input.scheduleId, 1);
    await triggerSchedule(temporal.client, input.scheduleId);
    await waitFor('the second trigger to be skipped', async () => ((await rawDescribe(input.scheduleId)).info.numActionsSkippedOverlap >= 1 ? true : undefined));
    const state = await describeSchedule(temporal.client, input.scheduleId);
    expect(state.recentRuns).toHaveLength(1);
    expect((await rawDescribe(input.scheduleId)).info.runningActions).toHaveLength(1);
  });

  it('buffer-one: "run now" while a run is going starts right after it ends', async () => {
    const input = newSchedule('buffer', settings({ mode: 'every', everyMinutes: 1440, overlap: 'buffer-one' }));
    await upsertSchedule(temporal.client, input);
    await triggerSchedule(temporal.client, input.scheduleId);
    const [first] = await runsOf(input.scheduleId, 1);
    await triggerSchedule(temporal.client, input.scheduleId);
    await sleep(1500);
    expect((await describeSchedule(temporal.client, input.scheduleId)).recentRuns).toHaveLength(1);
    await terminate(first.workflowId);
    const runs = await runsOf(input.scheduleId, 2);
    expect(runs[1].runId).not.toBe(first.runId);
    expect(runs[1].startedAt.getTime()).toBeGreaterThan(first.startedAt.getTime());
  });

  it('a paused schedule starts no runs and says it is paused, until unpaused', async () => {
    const input = newSchedule('pause', settings({ mode: 'automatic' }), { specOptions: { automaticEveryMs: 1000 } });
    await upsertSchedule(temporal.client, input);
    await runsOf(input.scheduleId, 1);
    await pauseSchedule(temporal.client, input.scheduleId, 'paused by the schedule test');
    const paused = await describeSchedule(temporal.client, input.scheduleId);
    expect(paused).toMatchObject({ exists: true, paused: true, note: 'paused by the schedule test', nextRunTimes: [] });
    // With nothing running (the run is terminated), an unpaused 1-second schedule would start again at once.
    paused.recentRuns.forEach((run) => workflowIds.add(run.workflowId));
    for (const run of paused.recentRuns) await terminate(run.workflowId);
    await sleep(3500);
    expect((await describeSchedule(temporal.client, input.scheduleId)).recentRuns).toHaveLength(paused.recentRuns.length);

    await unpauseSchedule(temporal.client, input.scheduleId, 'resumed by the schedule test');
    const resumed = await describeSchedule(temporal.client, input.scheduleId);
    expect(resumed).toMatchObject({ paused: false, note: 'resumed by the schedule test' });
    expect(resumed.nextRunTimes).toHaveLength(5);
    await runsOf(input.scheduleId, paused.recentRuns.length + 1);
  });

  it('paused in the settings: created paused, never fires, and saving unpaused resumes it', async () => {
    const input = newSchedule('settingspaused', settings({ mode: 'automatic', paused: true }), { specOptions: { automaticEveryMs: 1000 } });
    await upsertSchedule(temporal.client, input);
    await sleep(3000);
    expect(await describeSchedule(temporal.client, input.scheduleId)).toMatchObject({ paused: true, recentRuns: [] });
    await upsertSchedule(temporal.client, { ...input, settings: { ...input.settings, paused: false } });
    await runsOf(input.scheduleId, 1);
  });

  it("'off' deletes the schedule; the verbs treat an absent schedule plainly", async () => {
    const input = newSchedule('off', settings({ mode: 'automatic' }));
    expect(await upsertSchedule(temporal.client, input)).toBe('created');
    expect((await describeSchedule(temporal.client, input.scheduleId)).exists).toBe(true);

    expect(await upsertSchedule(temporal.client, { ...input, settings: settings({ mode: 'off' }) })).toBe('removed');
    expect(await describeSchedule(temporal.client, input.scheduleId)).toEqual({ exists: false, paused: false, nextRunTimes: [], recentRuns: [], description: 'off' });
    expect(await upsertSchedule(temporal.client, { ...input, settings: settings({ mode: 'off' }) })).toBe('removed');
    expect(await deleteSchedule(temporal.client, input.scheduleId)).toBe(false);
    await expect(triggerSchedule(temporal.client, input.scheduleId)).rejects.toThrow(ScheduleMissingError);
    await expect(pauseSchedule(temporal.client, input.scheduleId)).rejects.toThrow(`schedule '${input.scheduleId}' does not exist`);
    await expect(unpauseSchedule(temporal.client, input.scheduleId)).rejects.toThrow(ScheduleMissingError);

    expect(await upsertSchedule(temporal.client, input)).toBe('created');
    expect(await deleteSchedule(temporal.client, input.scheduleId)).toBe(true);
    expect((await describeSchedule(temporal.client, input.scheduleId)).exists).toBe(false);
  });
});
