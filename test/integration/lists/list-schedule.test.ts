import { reregisterSchedules } from '../../../domain/schedules/target-schedules';
import { deleteSchedule, describeSchedule } from '../../../domain/schedules/schedule-client';
import { listScheduleId } from '../../../contract';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture } from './list-fixture';

const ORG = { leads: 20, contacts: 20, accounts: 5, users: 2, opportunities: 2, campaigns: 1 };
/** "Automatic" fires every 2 s here instead of every 15 minutes. */
const AUTOMATIC_EVERY_MS = 2_000;

/** A list's schedule: a Temporal Schedule that starts list syncs, never two at once, and comes back after a restart. */
describe('list schedules', () => {
  let f: ListFixture;
  let listId: string;
  const scheduledRuns = () => f.models.Run.find({ listId, trigger: 'schedule' }).sort({ createdAt: 1 }).lean();

  beforeAll(async () => {
    f = await startListFixture('list_schedule', { org: ORG, seed: 2 }, { scheduleSpecOptions: { automaticEveryMs: AUTOMATIC_EVERY_MS } });
    listId = (await f.importList({ name: 'Scheduled leads', source: { kind: 'all_leads' } })).listId;
  });
  afterAll(async () => {
    await deleteSchedule(f.temporal.client, listScheduleId(listId));
    await f?.close();
  });

  it('refuses bad schedule settings with the field named, and only admins may set schedules', async () => {
    const zone = await f.admin.put(`/api/v1/lists/${listId}/schedule`, { mode: 'daily', at: '25:00', timeZone: 'Mars/Olympus', overlap: 'skip', paused: false }).expect(400);
    const paths = zone.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.at', 'body.timeZone']));
    await f.marketer.put(`/api/v1/lists/${listId}/schedule`, { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false }).expect(403);
    expect((await describeSchedule(f.temporal.client, listScheduleId(listId))).exists).toBe(false);
  });

  it('fires list syncs at its times, never two at once, and stops when turned off', async () => {
    const saved = await f.admin.put(`/api/v1/lists/${listId}/schedule`, { mode: 'automatic', timeZone: 'Europe/Paris', overlap: 'skip', paused: false }).expect(200);
    expect(saved.body.schedule).toMatchObject({ mode: 'automatic', timeZone: 'Europe/Paris' });
    const next = saved.body.scheduleState.nextRunTimes.map((t: string) => Date.parse(t));
    expect(next.length).toBeGreaterThanOrEqual(3);
    expect(next[1] - next[0]).toBe(AUTOMATIC_EVERY_MS);

    await waitFor('two scheduled list syncs to succeed', async () => ((await scheduledRuns()).filter((r) => r.status === 'succeeded').length >= 2 ? true : undefined), 60_000);
    const runs = (await scheduledRuns()).filter((r) => r.startedAt && r.finishedAt);
    for (let i = 1; i < runs.length; i++) expect((runs[i].startedAt as Date).getTime()).toBeGreaterThanOrEqual((runs[i - 1].finishedAt as Date).getTime());

    const off = await f.admin.put(`/api/v1/lists/${listId}/schedule`, { mode: 'off', timeZone: 'UTC', overlap: 'skip', paused: false }).expect(200);
    expect(off.body.scheduleState).toMatchObject({ exists: false, nextRunTimes: [] });
    await waitFor('the last scheduled run to end', async () => ((await f.models.Run.exists({ listId, status: { $in: ['queued', 'running'] } })) ? undefined : true));
    const count = (await scheduledRuns()).length;
    await new Promise((r) => setTimeout(r, 3 * AUTOMATIC_EVERY_MS));
    expect((await scheduledRuns()).length).toBe(count);
  });

  it('comes back when the worker starts against a Temporal server that lost it', async () => {
    await f.admin.put(`/api/v1/lists/${listId}/schedule`, { mode: 'daily', at: '06:30', timeZone: 'America/New_York', overlap: 'buffer-one', paused: true }).expect(200);
    expect(await deleteSchedule(f.temporal.client, listScheduleId(listId))).toBe(true);
    const deps = { models: f.models, temporal: f.temporal.client, taskQueue: f.worker.taskQueue };
    expect(await reregisterSchedules(deps, ['list'])).toBe(1);
    expect(await reregisterSchedules(deps, ['list'])).toBe(1);
    const state = await describeSchedule(f.temporal.client, listScheduleId(listId));
    expect(state).toMatchObject({ exists: true, paused: true });
    expect(state.description).toContain('06:30');
    const page = await f.admin.get(`/api/v1/lists/${listId}`).expect(200);
    expect(page.body.schedule).toMatchObject({ mode: 'daily', at: '06:30', description: expect.stringContaining('America/New_York') });
  });
});
