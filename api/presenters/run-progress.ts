/**
 * Live progress of a run as ops read it: how far (percent) and how fast (records per second),
 * worked out on the server from what the activities write at each checkpoint, so the page, the
 * JSON API and the CLI agree. Where the run's counts cannot tell, the value is null, never a guess.
 */
type Counts = Record<string, unknown>;

export interface ProgressFacts {
  kind: string;
  progress: unknown;
  counts: Counts;
  startedAt?: Date | null;
  /** When the run document was last written: the time of the latest checkpoint. */
  updatedAt?: Date | null;
  /** For a full pull: how many records the object held after its last sync (SyncState.recordCount). */
  expectedRecords?: number | null;
}

export interface LiveProgress {
  [key: string]: unknown;
  percent: number | null;
  recordsPerSecond: number | null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Records the run has handled so far: admin syncs fetch per object, list runs count members done. */
function recordsDone(facts: ProgressFacts, progress: Counts): number | undefined {
  if (facts.kind === 'crm-admin-sync') {
    return Object.values(facts.counts).reduce<number>((sum, c) => sum + (num((c as Counts | null)?.fetched) ?? 0), 0);
  }
  return num(progress.done);
}

function percentOf(facts: ProgressFacts, progress: Counts): number | null {
  const done = num(progress.done);
  const total = num(progress.total);
  if (done !== undefined && total) return Math.min(100, Math.floor((done / total) * 100));
  // Only a full pull re-reads every record, so only there is the last record count the finish line.
  // It can have grown since: stay under 100 until the object is actually finished.
  const fetched = num(progress.fetched);
  if (progress.phase === 'full pull' && fetched !== undefined && facts.expectedRecords) {
    return Math.min(99, Math.floor((fetched / facts.expectedRecords) * 100));
  }
  return null;
}

function rateOf(facts: ProgressFacts, progress: Counts): number | null {
  const done = recordsDone(facts, progress);
  if (!done || !facts.startedAt || !facts.updatedAt) return null;
  // Up to the last checkpoint, not up to now: a run paused for the API quota keeps its last rate.
  const seconds = (facts.updatedAt.getTime() - facts.startedAt.getTime()) / 1000;
  if (seconds < 1) return null;
  return Math.round((done / seconds) * 10) / 10;
}

export function presentProgress(facts: ProgressFacts): LiveProgress | null {
  if (!facts.progress || typeof facts.progress !== 'object') return null;
  const progress = facts.progress as Counts;
  return { ...progress, percent: percentOf(facts, progress), recordsPerSecond: rateOf(facts, progress) };
}
