/** What a trigger answers: its own run, the run it joined, or the follow-up queued behind the running one. */
export type TriggerAnswer = { runId: string; joined: boolean; queuedBehind?: string };

/**
 * Simultaneous triggers of one work: exactly one started a run; every other one joined that run (it
 * had not started reading) or was told the one follow-up queued behind it. Returns both run ids.
 */
export function expectOneRunAndAtMostOneFollowUp(answers: TriggerAnswer[]): { started: string; followUp: string | null } {
  const fresh = answers.filter((a) => !a.joined && !a.queuedBehind);
  expect(fresh).toHaveLength(1);
  const started = fresh[0].runId;
  const queued = answers.filter((a) => a.queuedBehind);
  const followUps = new Set(queued.map((a) => a.runId));
  expect(followUps.size).toBeLessThanOrEqual(1);
  for (const a of answers) {
    if (a.queuedBehind) expect(a).toEqual({ runId: [...followUps][0], joined: false, queuedBehind: started });
    else if (a.joined) expect(a).toEqual({ runId: started, joined: true });
  }
  return { started, followUp: followUps.size ? [...followUps][0] : null };
}
