/**
 * Names and payloads of the score recompute, shared by the workflow, its activities and the API.
 * Pure, like contract.ts; kept beside it so the programs work can grow contract.ts in parallel.
 */

/**
 * One recompute at a time per installation: the workflow id is the conflict key. It carries the
 * installation's task queue because installations may share a Temporal namespace (so do the test
 * suite's fixtures, each on its own database and queue): a trigger must never join another
 * installation's recompute, whose run document lives in another database.
 */
export function recomputeScoresWorkflowId(taskQueue: string): string {
  return `recompute-scores/${taskQueue}`;
}

export interface RecomputeScoresInput {
  runId: string;
}

export interface ScorePassResult {
  scanned: number;
  changed: number;
  /** The rules' updatedAt (ISO) this pass scored with; null for the defaults. */
  rulesVersion: string | null;
}

export interface RecomputeScoresResult {
  runId: string;
  passes: number;
  scanned: number;
  changed: number;
}
