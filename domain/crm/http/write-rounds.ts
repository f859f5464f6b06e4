import type { RecordWriteError } from '../connector';
import { LostAnswerError } from './call-retries';

export interface WritePolicy {
  /** Record writes per batch request (/bulk, $batch): smaller batches keep a retry cheap. */
  batchSize: number;
  /** Rounds a record gets when it fails for a passing reason (a row lock, a 5xx part) or its answer was lost. */
  rounds: number;
  /** Wait before the second round; it doubles up to maxRoundDelayMs. */
  roundDelayMs: number;
  maxRoundDelayMs: number;
}

export const DEFAULT_WRITE_POLICY: WritePolicy = { batchSize: 100, rounds: 6, roundDelayMs: 500, maxRoundDelayMs: 5_000 };

/** One record write's end: done, or failed and worth another round (`retry`) or not. */
export type WriteOutcome = { success: true } | { success: false; retry: boolean; error: RecordWriteError };

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes every operation in batches, each at most once landed: operations that failed for a passing
 * reason get further rounds after a growing wait; a batch whose answer was lost (the connection
 * broke: LostAnswerError) is settled by reading back which of its writes landed (`landed`), and only
 * the others are tried again. `parallel` sends a round's batches at once (the caller's concurrency
 * limit still holds), else one after another.
 */
export async function writeInRounds<Op extends { index: number }>(
  all: readonly Op[],
  options: {
    policy: WritePolicy;
    batchSize: number;
    parallel: boolean;
    crmName: string;
    send(ops: Op[]): Promise<WriteOutcome[]>;
    landed(ops: Op[]): Promise<boolean[]>;
  },
): Promise<WriteOutcome[]> {
  const { policy } = options;
  const outcomes: WriteOutcome[] = new Array(all.length);
  let pending = [...all];
  for (let round = 1; pending.length > 0; round++) {
    if (round > 1) await sleep(Math.min(policy.maxRoundDelayMs, policy.roundDelayMs * 2 ** (round - 2)));
    const last = round >= policy.rounds;
    const again: Op[] = [];
    const writeBatch = async (ops: Op[]) => {
      let results: WriteOutcome[];
      try {
        results = await options.send(ops);
      } catch (err) {
        if (!(err instanceof LostAnswerError)) throw err;
        const landed = await options.landed(ops);
        const lost: WriteOutcome = { success: false, retry: true, error: { code: 'CONNECTION_LOST', message: `the connection broke before ${options.crmName} answered: ${err.message}`, fields: [] } };
        results = landed.map((ok) => (ok ? { success: true } : lost));
      }
      results.forEach((outcome, k) => {
        outcomes[ops[k].index] = outcome;
        if (!outcome.success && outcome.retry && !last) again.push(ops[k]);
      });
    };
    const batches = chunk(pending, options.batchSize);
    if (options.parallel) await Promise.all(batches.map(writeBatch));
    else for (const ops of batches) await writeBatch(ops);
    pending = again;
  }
  return outcomes;
}
