import type { Client } from '@temporalio/client';
import { startScoreRecompute } from '../../../api/services/score-recompute-starter';
import { sealConnection } from '../../../domain/connections/connection-secrets';
import type { Models } from '../../../domain/models';
import { registerAlertsMonitor } from '../../../domain/schedules/alerts-schedule';
import { deleteSchedule, upsertSchedule } from '../../../domain/schedules/schedule-client';
import { alertsScheduleId, LEGACY_ALERTS_SCHEDULE_ID } from '../../../contract';
import { recomputeScoresWorkflowId } from '../../../contract/scoring';
import { connectTemporalClient, connectTestModels, testSecretBox, uniqueName } from '../../harness/services';

const DAY_MS = 24 * 60 * 60_000;
type Installation = { models: Models; taskQueue: string };

/**
 * Two crm-sync installations (each its own database and task queue) on one Temporal namespace, as
 * the test suite's fixtures are. Their installation-wide work (the score recompute, the alerts
 * monitor) must stay apart. With one shared workflow id, an earlier test file's recompute, left
 * running when its worker stopped, would be joined by a later file's trigger, which would get back
 * a run id its own database does not hold (GET /api/v1/runs/:id answers 404).
 *
 * No worker polls these queues, so a started recompute stays running: a second trigger can only
 * join or start, never race a finish.
 */
describe('installations sharing a Temporal namespace', () => {
  let temporal: { client: Client; close(): Promise<void> };
  const installations: Installation[] = [];
  const workflowIds: string[] = [];
  const scheduleIds: string[] = [];

  async function installation(name: string): Promise<Installation> {
    const models = await connectTestModels(name);
    await models.Connection.create(sealConnection({ name: `${name} org`, loginUrl: 'http://127.0.0.1:9', auth: { type: 'password', username: 'u', password: 'p', securityToken: '' } }, testSecretBox()));
    const made = { models, taskQueue: uniqueName(`tq_${name}`) };
    installations.push(made);
    return made;
  }
  const recompute = (i: Installation) => startScoreRecompute({ models: i.models, temporal: temporal.client, taskQueue: i.taskQueue }, { triggeredBy: 'test' });

  beforeAll(async () => {
    temporal = await connectTemporalClient();
  });
  afterAll(async () => {
    for (const id of workflowIds) await temporal.client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
    for (const id of scheduleIds) await deleteSchedule(temporal.client, id);
    for (const i of installations) {
      await i.models.db.dropDatabase();
      await i.models.db.close();
    }
    await temporal?.close();
  });

  it('each starts its own score recompute, with a run its own database holds; a second trigger joins its own', async () => {
    const a = await installation('share_a');
    const b = await installation('share_b');
    workflowIds.push(recomputeScoresWorkflowId(a.taskQueue), recomputeScoresWorkflowId(b.taskQueue));

    const startedA = await recompute(a);
    const startedB = await recompute(b);
    expect(startedA).toMatchObject({ joined: false });
    expect(startedB).toMatchObject({ joined: false });
    expect(await a.models.Run.exists({ _id: startedA!.runId })).toBeTruthy();
    expect(await b.models.Run.exists({ _id: startedB!.runId })).toBeTruthy();

    const againA = await recompute(a);
    expect(againA).toEqual({ runId: startedA!.runId, joined: true });
    expect(await a.models.Run.countDocuments({ kind: 'score-recompute' })).toBe(1);
  });

  it('each keeps its own alerts monitor, and an earlier version\'s shared schedule is removed only by the installation it targets', async () => {
    const [a, b] = [uniqueName('tq_alerts_a'), uniqueName('tq_alerts_b')];
    scheduleIds.push(alertsScheduleId(a), alertsScheduleId(b), LEGACY_ALERTS_SCHEDULE_ID);
    const legacyFor = (taskQueue: string) =>
      upsertSchedule(temporal.client, {
        scheduleId: LEGACY_ALERTS_SCHEDULE_ID,
        workflowType: 'monitorAlerts',
        workflowId: 'alerts-monitor-run',
        taskQueue,
        args: [],
        settings: { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: true },
      });
    const targetOf = async (scheduleId: string) => {
      const described = await temporal.client.schedule.getHandle(scheduleId).describe();
      return described.action.type === 'startWorkflow' ? described.action.taskQueue : undefined;
    };
    const exists = (scheduleId: string) => temporal.client.schedule.getHandle(scheduleId).describe().then(() => true, () => false);

    await legacyFor(b);
    await registerAlertsMonitor(temporal.client, a, DAY_MS);
    expect(await exists(LEGACY_ALERTS_SCHEDULE_ID)).toBe(true);
    await registerAlertsMonitor(temporal.client, b, DAY_MS);
    expect(await exists(LEGACY_ALERTS_SCHEDULE_ID)).toBe(false);

    expect(await targetOf(alertsScheduleId(a))).toBe(a);
    expect(await targetOf(alertsScheduleId(b))).toBe(b);
  });
});
