/**
 * Names and payloads of the score recompute, shared by the workflow, its activities and the API.
 * Pure, like contract.ts; kept beside it so the programs work can grow contract.ts in parallel.
 */

/** One recompute at a time for the whole installation: the id is the conflict key. */
export const RECOMPUTE_SCORES_WORKFLOW_ID = 'recompute-scores';

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
