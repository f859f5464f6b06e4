import crypto from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { PipelinePlan, PipelineStep, SyncPipelineInput } from '../../../contract';
import { stepsToRetry } from '../../../domain/pipeline/plan';
import { harnessValue } from '../../harness/harness-env';
import { quietTemporalLogs, uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';
import type { StubBehaviour, StubChildActivities } from './stub-children/workflows';

/**
 * The pipeline workflow alone: its activities are mocks in this process and its children are stubs
 * (stub-children/workflows.ts), so only the order it runs things in is under test. The plan has two
 * lists: Contacts with a program and a segment, Leads with a segment and no program.
 */
describe('sync pipeline order (mocked activities, stub children)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueName('pipeline_order');

  /** Per test: the ids, what each child does, and what happened. */
  let tag: string;
  let behaviour: Record<string, StubBehaviour>;
  let events: string[];
  let recorded: PipelineStep[];
  let runCalls: string[];
  const outcomes = new Map<string, 'succeeded' | 'failed' | 'cancelled'>();

  const id = (name: string) => `${name}-${tag}`;
  const plan = (): PipelinePlan => ({
    lists: [{ id: id('L1'), name: 'Contacts' }, { id: id('L2'), name: 'Leads' }],
    programs: [{ id: id('P1'), listId: id('L1'), name: 'Score contacts' }],
    segments: [{ id: id('S1'), listId: id('L1'), name: 'Hot contacts' }, { id: id('S2'), listId: id('L2'), name: 'Web leads' }],
  });
  /** Run ids name their step, so the events read as step ids. */
  const runIdOf = (stepId: string) => `${tag}|${stepId}`;
  const stepOf = (runId: string) => runId.slice(`${tag}|`.length).replace(`-${tag}`, '');

  const childActivities: StubChildActivities = {
    async childStarted({ runId }) {
      events.push(`start ${stepOf(runId)}`);
      return behaviour[stepOf(runId)] ?? 'succeed';
    },
    async childEnded({ runId, how }) {
      events.push(`end ${stepOf(runId)}`);
      outcomes.set(runId, how);
    },
  };
  const pipelineActivities = {
    async planPipeline() {
      return plan();
    },
    async recordPipelineSteps({ steps }: { steps: PipelineStep[] }) {
      recorded = steps;
    },
    async preparePipelineStepRun(input: { kind: 'crm-admin-sync' | 'list-sync'; listId?: string }) {
      return runIdOf(input.kind === 'crm-admin-sync' ? 'crm-admin-sync' : `list:${input.listId}`);
    },
    async preparePipelineProgramRun({ programId }: { programId: string }) {
      return runIdOf(`program:${programId}`);
    },
    async prepareSegmentRefreshRun({ segmentId }: { segmentId: string }) {
      return runIdOf(`segment:${segmentId}`);
    },
    async activeRunOf() {
      return null;
    },
    async runOutcome({ runId }: { runId: string }) {
      const status = outcomes.get(runId) ?? 'failed';
      return { status, error: status === 'failed' ? 'it failed on purpose' : null, changed: false };
    },
  };
  const runActivities = {
    async markRunRunning() {
      runCalls.push('running');
    },
    async markRunSucceeded() {
      runCalls.push('succeeded');
    },
    async markRunFailed(_runId: string, message: string) {
      runCalls.push(`failed: ${message}`);
    },
    async markRunCancelled() {
      runCalls.push('cancelled');
    },
    async discardQueuedRun() {},
    // No trigger queues a follow-up behind these runs.
    async closeRunToFollowUps() {
      return null;
    },
  };

  function startPipeline(input: Partial<SyncPipelineInput> = {}) {
    return env.client.workflow.start('syncPipeline', {
      taskQueue,
      workflowId: `sync-pipeline/${id('C1')}/${crypto.randomBytes(3).toString('hex')}`,
      args: [{ connectionId: id('C1'), runId: `${tag}|pipeline`, ...input }],
    });
  }
  const statuses = () => Object.fromEntries(recorded.map((s) => [s.id.replace(`-${tag}`, ''), s.status]));
  const before = (a: string, b: string) => {
    expect(events).toContain(a);
    expect(events).toContain(b);
    expect(events.indexOf(a)).toBeLessThan(events.indexOf(b));
  };

  beforeAll(async () => {
    quietTemporalLogs();
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: harnessValue('temporalAddress'), namespace: 'default' });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowsPath: require.resolve('./stub-children/workflows'),
      activities: { ...childActivities, ...pipelineActivities, ...runActivities },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  beforeEach(() => {
    tag = crypto.randomBytes(4).toString('hex');
    behaviour = {};
    events = [];
    recorded = [];
    runCalls = [];
  });

  it('runs the admin sync first, a program before its list’s sync, and each list’s sync before its segment', async () => {
    const result = await (await startPipeline()).result();
    expect((result.steps as PipelineStep[]).every((s) => s.status === 'succeeded')).toBe(true);
    expect(events[0]).toBe('start crm-admin-sync');
    before('end crm-admin-sync', 'start program:P1');
    before('end crm-admin-sync', 'start list:L2');
    before('end program:P1', 'start list:L1');
    before('end list:L1', 'start segment:S1');
    before('end list:L2', 'start segment:S2');
    expect(runCalls).toEqual(['running', 'succeeded']);
  });

  it('a failed list sync blocks only its own segment, and the run fails naming it', async () => {
    behaviour = { 'list:L2': 'fail' };
    const handle = await startPipeline();
    await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    expect(statuses()).toEqual({
      'crm-admin-sync': 'succeeded',
      'program:P1': 'succeeded',
      'list:L1': 'succeeded',
      'list:L2': 'failed',
      'segment:S1': 'succeeded',
      'segment:S2': 'blocked',
    });
    expect(events).not.toContain('start segment:S2');
    expect(runCalls).toEqual(['running', 'failed: List sync: Leads failed: it failed on purpose (1 dependent step not run)']);
  });

  it('a failed program blocks its list and that list’s segment, not the other list', async () => {
    behaviour = { 'program:P1': 'fail' };
    await expect((await startPipeline()).result()).rejects.toThrow(WorkflowFailedError);
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start crm-admin-sync', 'start program:P1', 'start list:L2', 'start segment:S2']);
    expect(statuses()).toMatchObject({ 'list:L1': 'blocked', 'segment:S1': 'blocked', 'list:L2': 'succeeded', 'segment:S2': 'succeeded' });
  });

  it('a retry by hand re-runs only the failed and blocked steps', async () => {
    behaviour = { 'list:L2': 'fail' };
    await expect((await startPipeline()).result()).rejects.toThrow(WorkflowFailedError);
    const onlySteps = stepsToRetry(recorded);
    expect(onlySteps.map((s) => s.replace(`-${tag}`, ''))).toEqual(['list:L2', 'segment:S2']);

    behaviour = {};
    events = [];
    runCalls = [];
    const result = await (await startPipeline({ onlySteps })).result();
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start list:L2', 'start segment:S2']);
    expect(Object.fromEntries((result.steps as PipelineStep[]).map((s) => [s.id.replace(`-${tag}`, ''), s.status]))).toEqual({
      'crm-admin-sync': 'skipped',
      'program:P1': 'skipped',
      'list:L1': 'skipped',
      'list:L2': 'succeeded',
      'segment:S1': 'skipped',
      'segment:S2': 'succeeded',
    });
    expect(runCalls).toEqual(['running', 'succeeded']);
  });

  it('cancelling the pipeline cancels the running step and starts nothing after it', async () => {
    behaviour = { 'program:P1': 'wait' };
    const handle = await startPipeline();
    await waitFor('the program to start', async () => (events.includes('start program:P1') ? true : undefined), 30_000);
    await handle.cancel();
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    await waitFor('the program to end', async () => (events.includes('end program:P1') ? true : undefined), 30_000);
    expect(outcomes.get(runIdOf(`program:${id('P1')}`))).toBe('cancelled');
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start crm-admin-sync', 'start program:P1']);
    expect(statuses()).toEqual({
      'crm-admin-sync': 'succeeded',
      'program:P1': 'failed',
      'list:L1': 'blocked',
      'list:L2': 'blocked',
      'segment:S1': 'blocked',
      'segment:S2': 'blocked',
    });
    expect(recorded.slice(1).every((s) => s.note === 'the pipeline was cancelled')).toBe(true);
    expect(runCalls).toEqual(['running', 'cancelled']);
  });
});
