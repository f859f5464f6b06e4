import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { createContactPullActivities } from '../activities/contact-pull';
import type { createRunActivities } from '../activities/runs';
import type { ContactPullInput, ContactPullSummary } from './contract';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

const pull = proxyActivities<ReturnType<typeof createContactPullActivities>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: ['ConnectionNotFoundError'] },
});

function describeFailure(err: unknown): string {
  if (err instanceof ApplicationFailure || err instanceof Error) {
    const cause = (err as { cause?: Error }).cause;
    return cause?.message ?? err.message;
  }
  return String(err);
}

/** The thin slice: mark the run running, pull the connection's Contacts, record how it ended. */
export async function contactPull(input: ContactPullInput): Promise<ContactPullSummary> {
  await runs.markRunRunning(input.runId);
  try {
    const summary = await pull.pullContacts(input);
    await runs.markRunSucceeded(input.runId, summary);
    return summary;
  } catch (err) {
    await runs.markRunFailed(input.runId, describeFailure(err));
    throw err;
  }
}
