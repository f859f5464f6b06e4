/**
 * Readiness: whether this API process can serve requests now, i.e. whether each service it
 * depends on answers within a deadline. A load balancer takes a not-ready process out of rotation
 * and puts it back when its dependencies answer again; the process itself keeps running.
 */

export type ProbeOutcome = 'ok' | 'unreachable' | 'timeout';

/** One dependency's check: resolves when it answers, rejects (or hangs) when it does not. */
export type Probe = () => Promise<void>;

export interface Readiness {
  ready: boolean;
  /** Each dependency by name, so the operator sees which one failed. */
  checks: Record<string, ProbeOutcome>;
}

class ProbeTimeout extends Error {}

async function runProbe(probe: Probe, timeoutMs: number): Promise<{ outcome: ProbeOutcome; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs);
  });
  try {
    await Promise.race([probe(), timedOut]);
    return { outcome: 'ok' };
  } catch (error) {
    return error instanceof ProbeTimeout ? { outcome: 'timeout' } : { outcome: 'unreachable', error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every probe at once, each bounded by `timeoutMs`, so a hung dependency costs the check its
 * deadline, not the load balancer's. Failures are reported to `onFailure` (the server log) by name
 * with their error; the answer itself names only the outcome, since it is served without sign-in.
 */
export async function checkReadiness(
  probes: Record<string, Probe>,
  timeoutMs: number,
  onFailure: (name: string, outcome: ProbeOutcome, error?: unknown) => void = () => {},
): Promise<Readiness> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(probes[name], timeoutMs)));
  const checks: Record<string, ProbeOutcome> = {};
  names.forEach((name, i) => {
    checks[name] = results[i].outcome;
    if (results[i].outcome !== 'ok') onFailure(name, results[i].outcome, results[i].error);
  });
  return { ready: results.every((r) => r.outcome === 'ok'), checks };
}
