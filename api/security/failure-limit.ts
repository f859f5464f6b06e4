/**
 * Counts failures per key in fixed windows and says when a key has had too many. Kept in memory:
 * each API process limits what reaches it, and a restart forgiving a few failures costs nothing.
 */
export interface FailureLimit {
  /** Milliseconds until the key may try again, or 0 while it is under the limit. */
  blockedFor(key: string, now?: number): number;
  recordFailure(key: string, now?: number): void;
}

/** Past this many keys the expired ones are swept, so a flood of distinct keys cannot grow memory without bound. */
const SWEEP_ABOVE_KEYS = 50_000;

export function createFailureLimit(options: { failures: number; windowMs: number }): FailureLimit {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string, now: number) => {
    const entry = windows.get(key);
    if (entry && entry.resetAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = (now: number) => {
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
    // Still full of live keys: forget the oldest windows rather than grow.
    for (const key of windows.keys()) {
      if (windows.size <= SWEEP_ABOVE_KEYS) break;
      windows.delete(key);
    }
  };
  return {
    blockedFor(key, now = Date.now()) {
      const entry = current(key, now);
      return entry && entry.count >= options.failures ? entry.resetAt - now : 0;
    },
    recordFailure(key, now = Date.now()) {
      const entry = current(key, now);
      if (entry) entry.count += 1;
      else windows.set(key, { count: 1, resetAt: now + options.windowMs });
      if (windows.size > SWEEP_ABOVE_KEYS) sweep(now);
    },
  };
}
