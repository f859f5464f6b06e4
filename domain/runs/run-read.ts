import type { RunKind } from '../models/run';
import type { RunCountsByKind, RunOptionsByKind, RunProgress } from './run-shapes';

/**
 * A run document's free-form fields as its kind writes them. The schema stores them as Mixed, so
 * this is the one place their type is asserted; every writer is in this module, which keeps the
 * assertion true. Fields may be missing on runs that stopped early, hence Partial.
 */
export function runCounts<K extends RunKind>(_kind: K, run: { counts?: unknown } | null | undefined): Partial<RunCountsByKind[K]> {
  return (run?.counts ?? {}) as Partial<RunCountsByKind[K]>;
}

export function runOptions<K extends RunKind>(_kind: K, run: { options?: unknown } | null | undefined): Partial<RunOptionsByKind[K]> {
  return (run?.options ?? {}) as Partial<RunOptionsByKind[K]>;
}

export function runProgress(run: { progress?: unknown } | null | undefined): RunProgress | null {
  return (run?.progress ?? null) as RunProgress | null;
}
