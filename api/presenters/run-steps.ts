/**
 * What a run did, step by step, and the few numbers a runs table shows for it. Each kind of run
 * counts different things; a kind not known here shows no steps and no summary rather than a wrong one.
 */
import { isActiveRunStatus, runCounts, runOptions, type AdminSyncObjectCounts, type RunProgress } from '../../domain/runs';

type Counts = Record<string, unknown>;

/** A kind may report statuses of its own (a pipeline's steps can be 'blocked'). */
export type StepStatus = 'done' | 'running' | 'pending' | 'skipped' | 'not finished' | (string & {});

export interface RunStep {
  name: string;
  status: StepStatus;
  mode?: string;
  reason?: string;
  counts: { label: string; value: number }[];
  durationMs: number | null;
}

export interface StepFacts {
  kind: string;
  status: string;
  options: unknown;
  /** As the run's kind writes them (admin syncs: per object, already in sync order). */
  counts: unknown;
  progress: RunProgress | null;
  contactViews: Counts | null;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const isActive = isActiveRunStatus;
const ADMIN_COUNTS = ['fetched', 'inserted', 'updated', 'unchanged', 'deleted', 'errors'] as const;

function stepDuration(c: AdminSyncObjectCounts): number | null {
  if (typeof c.durationMs === 'number') return c.durationMs;
  if (c.startedAt && c.finishedAt) return new Date(String(c.finishedAt)).getTime() - new Date(String(c.startedAt)).getTime();
  return null;
}

/** The objects of a CRM Administration sync's counts (every key holds one object's counts). */
function adminObjects(counts: unknown): [string, AdminSyncObjectCounts][] {
  return Object.entries(runCounts('crm-admin-sync', { counts })).filter((e): e is [string, AdminSyncObjectCounts] => Boolean(e[1]) && typeof e[1] === 'object');
}

function adminSteps(f: StepFacts): RunStep[] {
  const active = isActive(f.status);
  const working = f.progress?.object;
  const objectSteps = adminObjects(f.counts).map(([object, c]): RunStep => {
    // finishObjectSync writes watermarkAfter once deletions are applied and the watermark moved.
    const finished = 'watermarkAfter' in c;
    const status: StepStatus = finished ? 'done' : working === object && active ? 'running' : active ? 'pending' : 'not finished';
    return {
      name: object,
      status,
      mode: typeof c.mode === 'string' ? c.mode : undefined,
      reason: typeof c.reason === 'string' ? c.reason : undefined,
      counts: ADMIN_COUNTS.map((label) => ({ label, value: num(c[label]) })),
      durationMs: stepDuration(c),
    };
  });
  const views = f.contactViews;
  const viewsStatus: StepStatus = views ? 'done' : working === 'contacts' && active ? 'running' : active ? 'pending' : 'not finished';
  const viewCounts = views ? ['inserted', 'updated', 'deleted', 'unchanged'].map((label) => ({ label, value: num(views[label]) })) : [];
  return [...objectSteps, { name: 'contact views', status: viewsStatus, counts: viewCounts, durationMs: null }];
}

/** A list run: fresh CRM data first, then pull (add, update, remove), then push; each mode skips some. */
function listSteps(f: StepFacts): RunStep[] {
  const options = runOptions('list-sync', { options: f.options });
  const mode = typeof options.mode === 'string' ? options.mode : f.kind === 'list-import' ? 'import' : 'sync';
  const active = isActive(f.status);
  const phase = f.progress?.phase;
  const { pull, push, dataAsOf } = runCounts('list-sync', f);
  const later = (reached: boolean, running: boolean): StepStatus => (reached ? 'done' : running && active ? 'running' : active ? 'pending' : 'not finished');
  const freshness: RunStep = {
    name: 'fresh CRM data',
    status: mode === 'retry-push' ? 'skipped' : later(Boolean(dataAsOf || pull), phase === 'waiting'),
    counts: [],
    durationMs: null,
  };
  const pullStep: RunStep = {
    name: 'pull',
    status: mode === 'retry-push' ? 'skipped' : later(Boolean(pull), phase === 'pull'),
    counts: pull
      ? [
          ...(['joined', 'left', 'updated', 'unchanged', 'members'] as const).map((label) => ({ label, value: num(pull[label]) })),
          // A campaign list reads who is in the campaign from the CRM on every pull: its cost shows here.
          ...(pull.sourceRead ? [{ label: 'in the campaign now', value: num(pull.sourceRead.members) }, { label: 'CRM calls', value: num(pull.sourceRead.calls) }] : []),
        ]
      : [],
    durationMs: null,
  };
  // The push writes its counts as it goes: it is done once nothing is pushing any more.
  const pushDone = Boolean(push) && !(phase === 'push' && active);
  const pushStep: RunStep = {
    name: 'push',
    status: mode === 'import' ? 'skipped' : later(pushDone, phase === 'push'),
    counts: push ? (['pushed', 'failed', 'calls'] as const).map((label) => ({ label, value: num(push[label]) })) : [],
    durationMs: null,
  };
  return [freshness, pullStep, pushStep];
}

/** The pipeline records its DAG in counts.steps as it runs them; each step links to its own run. */
function pipelineSteps(f: StepFacts): RunStep[] {
  const { steps } = runCounts('sync-pipeline', f);
  return (Array.isArray(steps) ? steps : []).map((s) => ({ name: String(s.label ?? s.id ?? ''), status: String(s.status ?? 'pending'), counts: [], durationMs: null }));
}

const STEPS: Partial<Record<string, (f: StepFacts) => RunStep[]>> = {
  'sync-pipeline': pipelineSteps,
  'crm-admin-sync': adminSteps,
  'list-sync': listSteps,
  'list-import': listSteps,
};

export function runSteps(f: StepFacts): RunStep[] {
  return STEPS[f.kind]?.(f) ?? [];
}

/** The few numbers of a runs-table row: admin sync fetched/changed; list runs joined/left/updated/pushed. */
export function runSummary(kind: string, counts: unknown): { label: string; value: number }[] {
  if (kind === 'crm-admin-sync') {
    const objects = adminObjects(counts).map(([, c]) => c);
    return [
      { label: 'fetched', value: objects.reduce((s, c) => s + num(c.fetched), 0) },
      { label: 'changed', value: objects.reduce((s, c) => s + num(c.inserted) + num(c.updated) + num(c.deleted), 0) },
    ];
  }
  if (kind === 'list-sync' || kind === 'list-import') {
    const { pull, push } = runCounts('list-sync', { counts });
    return [
      { label: 'joined', value: num(pull?.joined) },
      { label: 'left', value: num(pull?.left) },
      { label: 'updated', value: num(pull?.updated) },
      { label: 'pushed', value: num(push?.pushed) },
    ];
  }
  return [];
}
