import type { Models } from '../../../../domain/models';

/**
 * Where a pipeline run is right now, in words: the steps running and the phase each child run
 * reports (e.g. `crm-admin-sync:pull Contact`, `list:push`), or `queued` / `finished`.
 */
export async function pipelinePhase(models: Models, pipelineRunId: string): Promise<string> {
  const run = await models.Run.findById(pipelineRunId, { status: 1, counts: 1 }).lean();
  if (!run) return 'missing';
  if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return 'finished';
  const steps = ((run.counts as { steps?: { id: string; status: string; runId?: string }[] } | undefined)?.steps ?? []).filter((s) => s.status === 'running');
  if (steps.length === 0) return run.status === 'queued' ? 'queued' : 'between steps';
  const phases = await Promise.all(
    steps.map(async (step) => {
      const child = step.runId ? await models.Run.findById(step.runId, { status: 1, progress: 1, checkpoints: 1 }).lean() : null;
      const progress = child?.progress as { phase?: string; object?: string } | null | undefined;
      const where = progress?.phase ? [progress.phase, progress.object].filter(Boolean).join(' ') : child?.status ?? 'starting';
      return `${step.id.split(':')[0]}:${where}`;
    }),
  );
  return [...new Set(phases)].sort().join(' + ');
}

/** How long each step of a finished pipeline run took, in seconds, by step id kind (e.g. `crm-admin-sync: 12.3`). */
export async function stepSeconds(models: Models, pipelineRunId: string): Promise<Record<string, number>> {
  const run = await models.Run.findById(pipelineRunId, { counts: 1, durationMs: 1 }).lean();
  const steps = (run?.counts as { steps?: { id: string; runId?: string }[] } | undefined)?.steps ?? [];
  const out: Record<string, number> = { pipeline: Math.round(((run as { durationMs?: number } | null)?.durationMs ?? 0) / 100) / 10 };
  for (const step of steps) {
    const child = step.runId ? await models.Run.findById(step.runId, { durationMs: 1 }).lean() : null;
    const key = step.id.split(':')[0];
    out[key] = Math.max(out[key] ?? 0, Math.round(((child as { durationMs?: number } | null)?.durationMs ?? 0) / 100) / 10);
  }
  return out;
}

/**
 * Polls the pipeline's phase until `matches` accepts it; returns that phase, or `finished` when the
 * pipeline ended first (callers decide whether that is a failure). Gives up after `timeoutMs`.
 */
export async function waitForPipelinePhase(models: Models, pipelineRunId: string, matches: (phase: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const phase = await pipelinePhase(models, pipelineRunId);
    if (matches(phase) || phase === 'finished') return phase;
    if (Date.now() > deadline) throw new Error(`the pipeline did not reach the phase asked for within ${timeoutMs} ms (last: ${phase})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
