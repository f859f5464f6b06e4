/**
 * The workflows a pipeline-ordering test runs: the real syncPipeline, with its four kinds of child
 * replaced by stubs under the same workflow type names. Each stub tells the test it started (the
 * test's activity answers whether it succeeds, fails or waits until cancelled) and when it ends.
 */
import { ApplicationFailure, CancellationScope, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';

export { syncPipeline } from '../../../../workflows/sync-pipeline';

export type StubBehaviour = 'succeed' | 'fail' | 'wait';

export interface StubChildActivities {
  childStarted(event: { workflowType: string; runId: string }): Promise<StubBehaviour>;
  childEnded(event: { workflowType: string; runId: string; how: 'succeeded' | 'failed' | 'cancelled' }): Promise<void>;
}

const stub = proxyActivities<StubChildActivities>({ startToCloseTimeout: '10 seconds' });

async function stubChild(workflowType: string, runId: string): Promise<{ runId: string }> {
  const behaviour = await stub.childStarted({ workflowType, runId });
  try {
    if (behaviour === 'wait') await sleep('1 day');
  } catch (err) {
    if (isCancellation(err)) await CancellationScope.nonCancellable(() => stub.childEnded({ workflowType, runId, how: 'cancelled' }));
    throw err;
  }
  if (behaviour === 'fail') {
    await stub.childEnded({ workflowType, runId, how: 'failed' });
    throw ApplicationFailure.create({ message: `${workflowType} failed on purpose`, nonRetryable: true });
  }
  await stub.childEnded({ workflowType, runId, how: 'succeeded' });
  return { runId };
}

export const crmAdminSync = ({ runId }: { runId: string }) => stubChild('crmAdminSync', runId);
export const listMaintenance = ({ runId }: { runId: string }) => stubChild('listMaintenance', runId);
export const listSync = ({ runId }: { runId: string }) => stubChild('listSync', runId);
export const segmentRefresh = ({ runId }: { runId: string }) => stubChild('segmentRefresh', runId);
