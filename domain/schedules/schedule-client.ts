/**
 * Temporal Schedules as small verbs: make a schedule match its settings, pause, unpause, run now,
 * delete, describe. Each takes the one `@temporalio/client` Client the API or worker already holds.
 *
 * Decisions:
 * - 'off' deletes the schedule rather than pausing it: a paused schedule can still be triggered or
 *   unpaused by hand (or in the Temporal UI), and an "off" schedule must never fire. Run history
 *   lives in MongoDB, so nothing is lost with it.
 * - upsert applies every setting, `paused` included: the settings are the source of truth, and a
 *   pause made with pauseSchedule lasts until the settings are saved again. Updating keeps the
 *   schedule's identity and history (recent actions, counts, creation time).
 * - the memo is written when the schedule is created; Temporal cannot change a schedule's memo.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { describeScheduleSpec, toOverlapPolicy, toScheduleSpec, type ScheduleSettings, type ScheduleSpecOptions } from './schedule-settings';

/**
 * A run missed while the Temporal server was unavailable still starts if the server is back within
 * this window (then the overlap policy applies); after a longer outage the next regular time runs.
 */
const CATCHUP_WINDOW_MS = 60 * 60_000;
const NEXT_RUN_COUNT = 5;

/** Raised by the verbs that need an existing schedule (pause, unpause, run now). */
export class ScheduleMissingError extends Error {
  constructor(readonly scheduleId: string) {
    super(`schedule '${scheduleId}' does not exist (its schedule is off or was never saved)`);
    this.name = 'ScheduleMissingError';
  }
}

export interface UpsertScheduleInput {
  scheduleId: string;
  workflowType: string;
  /** Prefix of the started workflows' ids; Temporal appends the scheduled time to each. */
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  settings: ScheduleSettings;
  /** Written on creation only. */
  memo?: Record<string, unknown>;
  /** Deployment knobs for the spec, e.g. how often "automatic" runs. */
  specOptions?: ScheduleSpecOptions;
}

export type UpsertOutcome = 'created' | 'updated' | 'removed';

async function withSchedule<T>(scheduleId: string, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new ScheduleMissingError(scheduleId);
    throw err;
  }
}

/** Creates the schedule, or updates it in place; 'off' deletes it. Calling twice with the same input changes nothing more. */
export async function upsertSchedule(client: Client, input: UpsertScheduleInput): Promise<UpsertOutcome> {
  const spec = toScheduleSpec(input.settings, input.specOptions);
  if (!spec) {
    await deleteSchedule(client, input.scheduleId);
    return 'removed';
  }
  const action = {
    type: 'startWorkflow' as const,
    workflowType: input.workflowType,
    workflowId: input.workflowId,
    taskQueue: input.taskQueue,
    args: input.args,
  };
  const policies = { overlap: toOverlapPolicy(input.settings.overlap), catchupWindow: CATCHUP_WINDOW_MS, pauseOnFailure: false };
  const note = input.settings.paused ? 'paused in the schedule settings' : undefined;
  const update = () => client.schedule.getHandle(input.scheduleId).update(() => ({ spec, action, policies, state: { paused: input.settings.paused, note } }));
  try {
    await update();
    return 'updated';
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  const options: ScheduleOptions = { scheduleId: input.scheduleId, spec, action, policies, memo: input.memo, state: { paused: input.settings.paused, note } };
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    // Another upsert created it between our update and create: apply ours over it.
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await update();
    return 'updated';
  }
}

export async function pauseSchedule(client: Client, scheduleId: string, note = 'paused from crm-sync'): Promise<void> {
  await withSchedule(scheduleId, () => client.schedule.getHandle(scheduleId).pause(note));
}

export async function unpauseSchedule(client: Client, scheduleId: string, note = 'unpaused from crm-sync'): Promise<void> {
  await withSchedule(scheduleId, () => client.schedule.getHandle(scheduleId).unpause(note));
}

/**
 * "Run now". The SDK's trigger() defaults to ALLOW_ALL, which would start a second run beside a
 * running one; passing the schedule's own policy keeps "two runs never overlap" (skip drops the
 * request, buffer-one queues it). Triggering works on a paused schedule, as "run now" should.
 */
export async function triggerSchedule(client: Client, scheduleId: string): Promise<void> {
  await withSchedule(scheduleId, async () => {
    const handle = client.schedule.getHandle(scheduleId);
    const { policies } = await handle.describe();
    await handle.trigger(policies.overlap);
  });
}

/** Deletes the schedule; true when there was one. Workflows it already started keep running. */
export async function deleteSchedule(client: Client, scheduleId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).delete();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

export interface ScheduleRun {
  /** The time the spec (or "run now") asked for. */
  scheduledAt: Date;
  /** When Temporal started the workflow. */
  startedAt: Date;
  /** `<workflowId prefix>-<scheduled time to the second>`; a buffered start can reuse its predecessor's id. */
  workflowId: string;
  /** The run this start created: what tells two runs with one workflow id apart. */
  runId: string;
}

export interface ScheduleState {
  exists: boolean;
  paused: boolean;
  note?: string;
  /** The next (up to) 5 times it will fire; empty when absent or paused (Temporal lists the spec's times even then). */
  nextRunTimes: Date[];
  /** The most recent starts Temporal remembers, oldest first. */
  recentRuns: ScheduleRun[];
  /** What Temporal will do, in words ("daily at 06:30 Europe/Paris"); "off" when absent. */
  description: string;
}

export async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleState> {
  let schedule: ScheduleDescription;
  try {
    schedule = await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { exists: false, paused: false, nextRunTimes: [], recentRuns: [], description: 'off' };
    throw err;
  }
  return {
    exists: true,
    paused: schedule.state.paused,
    note: schedule.state.note,
    nextRunTimes: schedule.state.paused ? [] : schedule.info.nextActionTimes.slice(0, NEXT_RUN_COUNT),
    recentRuns: schedule.info.recentActions.map((run) => ({
      scheduledAt: run.scheduledAt,
      startedAt: run.takenAt,
      workflowId: run.action.workflow.workflowId,
      runId: run.action.workflow.firstExecutionRunId,
    })),
    description: describeScheduleSpec(schedule.spec),
  };
}
