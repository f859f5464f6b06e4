import type { StartedRun } from '../services/run-starter';

/**
 * The flash a page shows after a trigger, saying which of the three it got: a run of its own, the
 * run in progress it joined (not reading yet), or the follow-up queued behind a run already reading.
 */
export function triggerMessage(what: { started: string; work: string }, started: StartedRun): string {
  const full = started.fullSyncQueued ? ' The next sync will be a full one.' : '';
  if (started.queuedBehind) {
    return `${what.work} was already running and had started reading: this run is queued behind it and starts when it ends, so it sees your latest changes.${full}`;
  }
  if (started.joined) return `${what.work} was about to start reading: showing it; it will see your latest changes.${full}`;
  return what.started;
}
