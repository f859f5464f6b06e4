/** How the CLI prints runs for people: aligned tables and short lines; `--json` bypasses all of this. */
import type { StartedRunJson } from '../../api/presenters/common-json';
import type { RunJson } from '../../api/presenters/run-json-schema';
/** The fields of a run the CLI prints, typed by the API's run schema; the queue links only matter when set. */
export type RunView = Pick<
  RunJson,
  'id' | 'kind' | 'status' | 'trigger' | 'triggeredBy' | 'connectionId' | 'listId' | 'workflowId' | 'options' | 'summary' | 'steps' | 'progress' | 'apiCalls' | 'error' | 'createdAt' | 'startedAt' | 'finishedAt' | 'durationMs' | 'elapsedMs'
> &
  Partial<Pick<RunJson, 'queuedBehind' | 'followUpRunId'>>;

const ACTIVE = new Set(['queued', 'running', 'paused']);

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function durationText(run: Pick<RunView, 'durationMs' | 'elapsedMs'>): string {
  if (run.durationMs !== null) return `${(run.durationMs / 1000).toFixed(1)} s`;
  if (run.elapsedMs !== null && run.elapsedMs !== undefined) return `${Math.round(run.elapsedMs / 1000)} s so far`;
  return '-';
}

export function countsText(counts: { label: string; value: number }[] | undefined): string {
  return (counts ?? []).map((c) => `${c.value} ${c.label}`).join(', ');
}

export function progressText(run: Pick<RunView, 'status' | 'progress'>): string {
  const p = run.progress;
  if (!p || !ACTIVE.has(run.status)) return '';
  // Where the run is: the object an admin sync reads, else the phase; kind-specific, so checked here.
  const where = [p.object, p.phase].find((v): v is string => typeof v === 'string') ?? '';
  const head = p.percent !== null ? `${p.percent} %` : where;
  return p.recordsPerSecond !== null ? `${head} ${p.recordsPerSecond}/s`.trim() : head;
}

const firstLine = (message: string | undefined) => (message ?? '').split('\n')[0] ?? '';
const time = (at: Date | null) => (at ? at.toISOString().replace('T', ' ').slice(0, 19) : '-');

/** `more`: the API said further runs match (its total is then only a floor). */
export function formatRunsTable(runs: RunView[], total: number, more = false): string {
  if (runs.length === 0) return 'No runs match.';
  const rows = runs.map((r) => [
    r.id,
    r.status,
    r.kind,
    r.trigger,
    r.triggeredBy ?? '-',
    time(r.createdAt),
    durationText(r),
    countsText(r.summary),
    progressText(r),
    firstLine(r.error?.message),
  ]);
  const shown = more ? `\n${runs.length} shown; more runs match (--limit to see more).` : runs.length < total ? `\n${runs.length} of ${total} runs shown (--limit to see more).` : '';
  return table(['ID', 'STATUS', 'KIND', 'TRIGGER', 'BY', 'CREATED', 'DURATION', 'COUNTS', 'PROGRESS', 'FIRST ERROR'], rows) + shown;
}

export function formatRun(run: RunView): string {
  const facts: [string, string][] = [
    ['Run', run.id],
    ['Kind', `${run.kind}${run.options?.mode ? ` (${String(run.options.mode)})` : ''}`],
    ['Status', run.status],
    ['Trigger', `${run.trigger}${run.triggeredBy ? ` by ${run.triggeredBy}` : ''}`],
    ['Connection', run.connectionId],
    ...(run.listId ? ([['List', run.listId]] as [string, string][]) : []),
    ...(run.options?.retryOf ? ([['Retry of', String(run.options.retryOf)]] as [string, string][]) : []),
    ...(run.queuedBehind ? ([['Queued behind', `run ${run.queuedBehind}${run.status === 'queued' ? ' (starts when it ends)' : ''}`]] as [string, string][]) : []),
    ...(run.followUpRunId ? ([['Follow-up', `run ${run.followUpRunId} (queued by a trigger during this run)`]] as [string, string][]) : []),
    ['Workflow', run.workflowId],
    ['Created', time(run.createdAt)],
    ['Finished', time(run.finishedAt)],
    ['Duration', durationText(run)],
    ['API calls', String(run.apiCalls)],
    ...(progressText(run) ? ([['Progress', progressText(run)]] as [string, string][]) : []),
    ...(run.error ? ([['Error', run.error.message]] as [string, string][]) : []),
  ];
  const width = Math.max(...facts.map(([k]) => k.length));
  const head = facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
  const steps = run.steps ?? [];
  if (steps.length === 0) return head;
  const stepRows = steps.map((s, i) => [String(i + 1), s.name, s.status, s.mode ?? '', countsText(s.counts), s.durationMs === null ? '-' : `${(s.durationMs / 1000).toFixed(1)} s`]);
  return `${head}\n\nSteps\n${table(['#', 'STEP', 'STATUS', 'MODE', 'COUNTS', 'DURATION'], stepRows)}`;
}

/** Which of the three a trigger got: its own run, the run it joined (not reading yet), or a follow-up queued behind the running one. */
export function formatStarted(what: string, started: StartedRunJson): string {
  const full = started.fullSyncQueued ? ' (the next sync will be a full one)' : '';
  if (started.queuedBehind) {
    return `Run ${started.queuedBehind} of the same work had already started reading; ${what.toLowerCase()} queued behind it as run ${started.runId}, which starts when it ends${full}`;
  }
  if (!started.joined) return `${what} started: run ${started.runId}`;
  return `A run of the same work was about to start reading; joined run ${started.runId}${full}`;
}
