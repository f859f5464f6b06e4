/**
 * The ordered pipeline's DAG, as pure bookkeeping: which steps a connection's pipeline has, what
 * each waits for, which may run, which a failure blocks, and what a retry redoes. The sync-pipeline
 * workflow executes it; this module decides. It is bundled into the workflow code, so it imports
 * types only and never reads a clock, a random number or the database.
 */
import type { PipelinePlan, PipelineStep } from '../../contract';

/** What a step works on, typed: the executor reads ids from here, never from the step's id string. */
export type StepTarget =
  | { kind: 'crm-admin-sync' }
  | { kind: 'list-maintenance'; programId: string; listId: string }
  | { kind: 'list-sync'; listId: string }
  | { kind: 'segment-refresh'; segmentId: string; listId: string };

export type StepKind = StepTarget['kind'];

/** A recorded step (what the run document and the run page show) with its typed target. */
export interface PlannedStep extends PipelineStep {
  target: StepTarget;
}

/** The product's order (README, "The ordered pipeline"): each stage runs after the ones before it. */
export const PIPELINE_STAGES: readonly StepKind[] = ['crm-admin-sync', 'list-maintenance', 'list-sync', 'segment-refresh'];

/** A step's id in the run document and in a retry's `onlySteps`: stored, so its spelling is fixed. */
export function stepIdOf(target: StepTarget): string {
  switch (target.kind) {
    case 'crm-admin-sync': return 'crm-admin-sync';
    case 'list-maintenance': return `program:${target.programId}`;
    case 'list-sync': return `list:${target.listId}`;
    case 'segment-refresh': return `segment:${target.segmentId}`;
  }
}

const CARRIED_OVER_NOTE = 'finished in the run this one retries';

export interface PipelineDag {
  steps: PlannedStep[];
  /**
   * Steps a retry does not redo: they finished in the run it retries, so what depends on them may
   * go ahead. Kept apart from the status, which shows them as 'skipped'.
   */
  carriedOver: ReadonlySet<string>;
}

function planned(target: StepTarget, label: string, dependsOn: StepTarget[]): PlannedStep {
  return { id: stepIdOf(target), kind: target.kind, label, dependsOn: dependsOn.map(stepIdOf), status: 'pending', target };
}

/**
 * The steps of one pipeline run, in the order the run page lists them: the admin sync, programs,
 * list syncs, segment refreshes. Programs write the values (scores) their list's sync pushes, so a
 * list with programs waits for all of them; a list without waits for the admin sync. A segment
 * waits for its list. A retry (`onlySteps`) runs only the steps it names and carries the others over.
 */
export function planPipelineSteps(plan: PipelinePlan, onlySteps?: readonly string[]): PipelineDag {
  const admin: StepTarget = { kind: 'crm-admin-sync' };
  const steps: PlannedStep[] = [planned(admin, 'CRM Administration sync', [])];
  const programs = plan.programs.map((p) => ({ program: p, target: { kind: 'list-maintenance', programId: p.id, listId: p.listId } as const }));
  for (const { program, target } of programs) steps.push(planned(target, `Program: ${program.name}`, [admin]));
  for (const list of plan.lists) {
    const ofList = programs.filter((p) => p.program.listId === list.id).map((p) => p.target);
    steps.push(planned({ kind: 'list-sync', listId: list.id }, `List sync: ${list.name}`, ofList.length ? ofList : [admin]));
  }
  for (const segment of plan.segments) {
    steps.push(planned({ kind: 'segment-refresh', segmentId: segment.id, listId: segment.listId }, `Segment refresh: ${segment.name}`, [{ kind: 'list-sync', listId: segment.listId }]));
  }
  const carriedOver = new Set<string>();
  if (onlySteps) {
    const only = new Set(onlySteps);
    for (const step of steps) {
      if (only.has(step.id)) continue;
      carriedOver.add(step.id);
      Object.assign(step, { status: 'skipped', note: CARRIED_OVER_NOTE });
    }
  }
  return { steps, carriedOver };
}

export function findStep(dag: PipelineDag, id: string): PlannedStep | undefined {
  return dag.steps.find((s) => s.id === id);
}

/** Succeeded here, or in the run this one retries. */
export function isDone(dag: PipelineDag, step: PlannedStep): boolean {
  return step.status === 'succeeded' || dag.carriedOver.has(step.id);
}

/** The stage's steps still to decide, in plan order. */
export function pendingStepsOf(dag: PipelineDag, kind: StepKind): PlannedStep[] {
  return dag.steps.filter((s) => s.kind === kind && s.status === 'pending');
}

export type Readiness = { ready: true } | { ready: false; unmet: PlannedStep };

/**
 * Whether a pending step may run: every step it depends on is done. Stages run in order, so by the
 * time a step is asked about, its dependencies have finished one way or the other: not done means
 * failed or blocked, and the step is blocked with it.
 */
export function readinessOf(dag: PipelineDag, step: PlannedStep): Readiness {
  for (const id of step.dependsOn) {
    const dependency = findStep(dag, id);
    // A dependency missing from the plan cannot have produced what the step needs.
    if (!dependency) return { ready: false, unmet: { ...step, id, label: id } };
    if (!isDone(dag, dependency)) return { ready: false, unmet: dependency };
  }
  return { ready: true };
}

/** Every pending step whose dependencies are done (in plan order). */
export function readySteps(dag: PipelineDag): PlannedStep[] {
  return dag.steps.filter((s) => s.status === 'pending' && readinessOf(dag, s).ready);
}

/** Why a step did not run, in the words ops read on the run page. */
function blockedNote(step: PlannedStep, unmet: PlannedStep): string {
  switch (step.kind) {
    case 'crm-admin-sync':
    case 'list-maintenance': return `${unmet.kind === 'crm-admin-sync' ? 'the CRM Administration sync' : unmet.label} did not succeed`;
    case 'list-sync': return `${unmet.label} did not succeed: the list is not synced from stale or half-maintained data`;
    case 'segment-refresh': return `${unmet.label} did not succeed: not refreshed from half-synced data`;
  }
}

export function markBlocked(step: PlannedStep, unmet: PlannedStep): void {
  Object.assign(step, { status: 'blocked', note: blockedNote(step, unmet) });
}

export function markRunning(step: PlannedStep, runId: string): void {
  Object.assign(step, { status: 'running', runId });
}

/**
 * A finished step: the run it ended with (the one it followed when the same work was already
 * running) and how. Anything but success (a cancelled child included) is a failure of the step.
 */
export function markFinished(step: PlannedStep, outcome: { runId: string; status: 'succeeded' | 'failed' | 'cancelled'; error: string | null }): void {
  step.runId = outcome.runId;
  step.status = outcome.status === 'succeeded' ? 'succeeded' : 'failed';
  if (outcome.error) step.note = outcome.error;
}

/** The pipeline was cancelled: what ran is failed, what had not started is blocked. */
export function cancelUnfinished(dag: PipelineDag): void {
  for (const step of dag.steps) {
    if (step.status === 'pending' || step.status === 'running') {
      Object.assign(step, { status: step.status === 'running' ? 'failed' : 'blocked', note: 'the pipeline was cancelled' });
    }
  }
}

/** The run's failure in one line ("List sync: Web leads failed: … (1 dependent step not run)"), or null when every step is done. */
export function failureSummary(dag: PipelineDag): string | null {
  const failed = dag.steps.filter((s) => s.status === 'failed');
  const blocked = dag.steps.filter((s) => s.status === 'blocked');
  if (failed.length + blocked.length === 0) return null;
  const failures = failed.map((s) => `${s.label} failed${s.note ? `: ${s.note}` : ''}`).join('; ');
  return `${failures}${blocked.length ? ` (${blocked.length} dependent step${blocked.length === 1 ? '' : 's'} not run)` : ''}`;
}

/** What the run document records: the steps without their typed targets (its shape is stored and shown). */
export function recordedSteps(dag: PipelineDag): PipelineStep[] {
  return dag.steps.map(({ target: _target, ...step }) => step);
}

/** The steps a retry of a finished run redoes: the failed and the blocked ones; finished steps are not redone. */
export function stepsToRetry(steps: readonly Pick<PipelineStep, 'id' | 'status'>[]): string[] {
  return steps.filter((s) => s.status === 'failed' || s.status === 'blocked').map((s) => s.id);
}
