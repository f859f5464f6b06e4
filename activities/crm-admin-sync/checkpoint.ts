import type { ChangeCursor } from '../../domain/crm/connector';
import type { FeedPosition } from './change-feed';
import type { ReadPath } from './read-path';
import type { Models } from '../../domain/models';
import type { ObjectCounts, SyncMode } from '../../contract';
import { storedRunCheckpoint } from '../../domain/runs';

/**
 * Where the pull of one object in one run stands: after which (stamp, id) the next page starts.
 * Written to the run document after each stored page and sent as the activity heartbeat, so a
 * retried attempt (worker killed, timeout) or a run resumed after an API-limit pause goes on from
 * the last stored page.
 */
export interface PullCheckpoint {
  /** REST: the last stored record. Bulk: the furthest record stored so far (the next watermark). */
  after?: ChangeCursor;
  /** Chosen on the first attempt and kept by every retry; absent in checkpoints written before bulk existed (REST). */
  readPath?: ReadPath;
  /** The Bulk API job being read and the locator of the next results page; absent until the job is created. */
  bulk?: { jobId: string; locator?: string };
  /** A change-feed read (readPath 'delta'): its next page, whether it reads in full, and the token it ended with. */
  feed?: FeedPosition;
  /** How often this pull lost its query job and started over with a new one (see restartBulkRead). */
  bulkRestarts?: number;
  /** Pages stored, never reset: a bulk read started over counts its pages again (the checkpoint with more pages is the newer one). */
  pages: number;
  counts: ObjectCounts;
  done: boolean;
  /** Set by finishObjectSync once deletions and the watermark are written. */
  finished?: boolean;
}

/**
 * Of the heartbeat and the stored checkpoint, the one further along (the heartbeat may be throttled).
 * On equal pages the first candidate wins: pass the stored one first, since it is written before
 * each heartbeat and alone when a bulk job is created or replaced.
 */
export function furthestCheckpoint(...candidates: (PullCheckpoint | undefined)[]): PullCheckpoint | undefined {
  return candidates.filter((c): c is PullCheckpoint => c !== undefined && typeof c.pages === 'number').sort((a, b) => b.pages - a.pages)[0];
}

/** One checkpoint per object and mode: an object whose drift check fails is pulled again, fully, in the same run. */
export function checkpointKey(object: string, mode: SyncMode): string {
  return `${object}-${mode}`;
}

export async function storedCheckpoint(models: Pick<Models, 'Run'>, runId: string, key: string): Promise<PullCheckpoint | undefined> {
  return storedRunCheckpoint<PullCheckpoint>(models, runId, key);
}
