import type { PipelinePlan } from '../../../contract';
import {
  cancelUnfinished,
  failureSummary,
  findStep,
  markBlocked,
  markFinished,
  markRunning,
  pendingStepsOf,
  PIPELINE_STAGES,
  planPipelineSteps,
  readinessOf,
  readySteps,
  recordedSteps,
  stepsToRetry,
  type PipelineDag,
} from '../../../domain/pipeline/plan';

/** Two lists: "Contacts" with a program and a segment, "Leads" with a segment and no program. */
const PLAN: PipelinePlan = {
  lists: [{ id: 'L1', name: 'Contacts' }, { id: 'L2', name: 'Leads' }],
  programs: [{ id: 'P1', listId: 'L1', name: 'Score contacts' }],
  segments: [{ id: 'S1', listId: 'L1', name: 'Hot contacts' }, { id: 'S2', listId: 'L2', name: 'Web leads' }],
};

/**
 * Runs the DAG the way the workflow does, stage by stage, with the given step outcomes (default
 * success), and returns the ids in the order they ran.
 */
function execute(dag: PipelineDag, failing: string[] = []): string[] {
  const ran: string[] = [];
  for (const stage of PIPELINE_STAGES) {
    for (const step of pendingStepsOf(dag, stage)) {
      const readiness = readinessOf(dag, step);
      if (!readiness.ready) {
        markBlocked(step, readiness.unmet);
        continue;
      }
      markRunning(step, `run-${step.id}`);
      ran.push(step.id);
      markFinished(step, { runId: `run-${step.id}`, status: failing.includes(step.id) ? 'failed' : 'succeeded', error: failing.includes(step.id) ? 'it broke' : null });
    }
  }
  return ran;
}

const statuses = (dag: PipelineDag) => Object.fromEntries(dag.steps.map((s) => [s.id, s.status]));

describe('pipeline plan', () => {
  it('puts the admin sync first, a list after its programs, a list without programs after the admin sync, and a segment after its list', () => {
    const dag = planPipelineSteps(PLAN);
    expect(dag.steps.map((s) => [s.id, s.dependsOn])).toEqual([
      ['crm-admin-sync', []],
      ['program:P1', ['crm-admin-sync']],
      ['list:L1', ['program:P1']],
      ['list:L2', ['crm-admin-sync']],
      ['segment:S1', ['list:L1']],
      ['segment:S2', ['list:L2']],
    ]);
    expect(findStep(dag, 'program:P1')?.target).toEqual({ kind: 'list-maintenance', programId: 'P1', listId: 'L1' });
    expect(findStep(dag, 'segment:S2')?.target).toEqual({ kind: 'segment-refresh', segmentId: 'S2', listId: 'L2' });
  });

  it('has only the admin sync ready at first, then what each finished step unblocks', () => {
    const dag = planPipelineSteps(PLAN);
    expect(readySteps(dag).map((s) => s.id)).toEqual(['crm-admin-sync']);
    markFinished(dag.steps[0], { runId: 'a', status: 'succeeded', error: null });
    expect(readySteps(dag).map((s) => s.id)).toEqual(['program:P1', 'list:L2']);
    markFinished(findStep(dag, 'program:P1')!, { runId: 'p', status: 'succeeded', error: null });
    expect(readySteps(dag).map((s) => s.id)).toEqual(['list:L1', 'list:L2']);
  });

  it('runs everything in stage order when every step succeeds', () => {
    const dag = planPipelineSteps(PLAN);
    expect(execute(dag)).toEqual(['crm-admin-sync', 'program:P1', 'list:L1', 'list:L2', 'segment:S1', 'segment:S2']);
    expect(failureSummary(dag)).toBeNull();
  });

  it('a failed list sync blocks only its own segment', () => {
    const dag = planPipelineSteps(PLAN);
    expect(execute(dag, ['list:L2'])).toEqual(['crm-admin-sync', 'program:P1', 'list:L1', 'list:L2', 'segment:S1']);
    expect(statuses(dag)).toMatchObject({ 'list:L1': 'succeeded', 'list:L2': 'failed', 'segment:S1': 'succeeded', 'segment:S2': 'blocked' });
    expect(findStep(dag, 'segment:S2')?.note).toBe('List sync: Leads did not succeed: not refreshed from half-synced data');
    expect(failureSummary(dag)).toBe('List sync: Leads failed: it broke (1 dependent step not run)');
  });

  it('a failed program blocks its list and that list’s segments, not the other list', () => {
    const dag = planPipelineSteps(PLAN);
    expect(execute(dag, ['program:P1'])).toEqual(['crm-admin-sync', 'program:P1', 'list:L2', 'segment:S2']);
    expect(statuses(dag)).toMatchObject({ 'list:L1': 'blocked', 'segment:S1': 'blocked', 'list:L2': 'succeeded' });
    expect(findStep(dag, 'list:L1')?.note).toBe('Program: Score contacts did not succeed: the list is not synced from stale or half-maintained data');
  });

  it('a failed admin sync blocks every other step', () => {
    const dag = planPipelineSteps(PLAN);
    expect(execute(dag, ['crm-admin-sync'])).toEqual(['crm-admin-sync']);
    expect(dag.steps.slice(1).every((s) => s.status === 'blocked')).toBe(true);
    expect(findStep(dag, 'program:P1')?.note).toBe('the CRM Administration sync did not succeed');
    expect(failureSummary(dag)).toBe('CRM Administration sync failed: it broke (5 dependent steps not run)');
  });

  it('a retry redoes the failed and blocked steps only, treating the finished ones as done', () => {
    const first = planPipelineSteps(PLAN);
    execute(first, ['list:L2']);
    const retried = stepsToRetry(recordedSteps(first));
    expect(retried).toEqual(['list:L2', 'segment:S2']);

    const retry = planPipelineSteps(PLAN, retried);
    expect(statuses(retry)).toMatchObject({ 'crm-admin-sync': 'skipped', 'program:P1': 'skipped', 'list:L1': 'skipped', 'segment:S1': 'skipped' });
    expect(findStep(retry, 'crm-admin-sync')?.note).toBe('finished in the run this one retries');
    expect(execute(retry)).toEqual(['list:L2', 'segment:S2']);
    expect(failureSummary(retry)).toBeNull();
  });

  it('a retry of a failed program runs the program, then its list, then the list’s segment', () => {
    const first = planPipelineSteps(PLAN);
    execute(first, ['program:P1']);
    const retry = planPipelineSteps(PLAN, stepsToRetry(recordedSteps(first)));
    expect(execute(retry)).toEqual(['program:P1', 'list:L1', 'segment:S1']);
  });

  it('cancellation fails the running step and blocks the steps not started', () => {
    const dag = planPipelineSteps(PLAN);
    markFinished(dag.steps[0], { runId: 'a', status: 'succeeded', error: null });
    markRunning(findStep(dag, 'program:P1')!, 'p');
    cancelUnfinished(dag);
    expect(statuses(dag)).toEqual({
      'crm-admin-sync': 'succeeded',
      'program:P1': 'failed',
      'list:L1': 'blocked',
      'list:L2': 'blocked',
      'segment:S1': 'blocked',
      'segment:S2': 'blocked',
    });
    expect(dag.steps.slice(1).every((s) => s.note === 'the pipeline was cancelled')).toBe(true);
    expect(readySteps(dag)).toEqual([]);
  });

  it('records steps without their typed targets, as the run document has always held them', () => {
    const [admin] = recordedSteps(planPipelineSteps(PLAN));
    expect(admin).toEqual({ id: 'crm-admin-sync', kind: 'crm-admin-sync', label: 'CRM Administration sync', dependsOn: [], status: 'pending' });
  });
});
