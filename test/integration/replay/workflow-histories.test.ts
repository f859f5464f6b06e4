import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../../workflows';
import { harnessValue } from '../../harness/harness-env';
import { quietTemporalLogs } from '../../harness/services';

const HISTORIES_DIR = path.join(__dirname, 'histories');

/** The committed histories (capture-histories.test.ts), as the replay worker takes them. */
function committedHistories() {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))) }));
}

/**
 * crmAdminSync runs for hours and continues as new; pipelines and list syncs wait on children.
 * Workers are upgraded under running executions, so the current workflow code must replay every
 * history recorded by the code before it: a change that does not is a non-determinism error in
 * production, and fails here first. A deliberate change goes behind `patched()`.
 */
describe('workflow replay', () => {
  const histories = committedHistories();

  it('has a history of each workflow kind, including a continued-as-new sync, a retried pipeline and scheduledRun', () => {
    const files = histories.map((h) => h.workflowId);
    const has = (pattern: RegExp) => files.some((file) => pattern.test(file));
    expect({
      continuedAdminSync: has(/^admin-sync-continue-as-new\.2\.crmAdminSync\.json$/),
      failedPipeline: has(/^pipeline-failed-step\.1\.syncPipeline\.json$/),
      retriedPipeline: has(/^pipeline-retry\.1\.syncPipeline\.json$/),
      listSyncWithPush: has(/^list-sync-push\.1\.listSync\.json$/),
      scheduledRun: has(/\.scheduledRun\.json$/),
    }).toEqual({ continuedAdminSync: true, failedPipeline: true, retriedPipeline: true, listSyncWithPush: true, scheduledRun: true });
  });

  it('has a history of every workflow type the worker registers, so a new one comes with its own', () => {
    const recorded = new Set(histories.map((h) => h.workflowId.split('.')[2]));
    const registered = Object.entries(workflows).filter(([, value]) => typeof value === 'function').map(([name]) => name);
    expect(registered).toContain('crmAdminSync');
    expect(registered.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('the current workflow code replays every committed history without a non-determinism error', async () => {
    quietTemporalLogs();
    // The bundle global setup built from workflows/ for this test run.
    const workflowBundle = { codePath: harnessValue('workflowBundle') };
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
