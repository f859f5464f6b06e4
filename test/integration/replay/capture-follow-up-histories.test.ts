import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { crmAdminSyncWorkflowId, listSyncWorkflowId } from '../../../contract';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture } from '../lists/list-fixture';

/**
 * Captures, for workflow-histories.test.ts, runs that continue as new into the follow-up a trigger
 * queued behind them (the FOLLOW_UP_PATCH path), so a later change to it must replay them. Skipped
 * unless run by `CRM_SYNC_CAPTURE_HISTORIES=1 npx jest --runInBand <this file>`.
 */
const capture = process.env.CRM_SYNC_CAPTURE_HISTORIES === '1' ? describe : describe.skip;

const HISTORIES_DIR = path.join(__dirname, 'histories');

type FetchedHistory = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
const ORG = { leads: 600, contacts: 60, accounts: 12, users: 3, opportunities: 10, campaigns: 2 };

/** The run a workflow id started with and the one it continued as: `<scenario>.<n>.<workflowType>.json`. */
async function saveChain(client: Client, scenario: string, workflowId: string, firstRunId: string): Promise<string[]> {
  for (const file of fs.readdirSync(HISTORIES_DIR).filter((x) => x.startsWith(`${scenario}.`))) fs.rmSync(path.join(HISTORIES_DIR, file));
  const saved: string[] = [];
  for (let run: string | undefined = firstRunId; run; ) {
    const history: FetchedHistory = await client.workflow.getHandle(workflowId, run).fetchHistory();
    const events = history.events ?? [];
    const file = `${scenario}.${saved.length + 1}.${events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown'}.json`;
    fs.writeFileSync(path.join(HISTORIES_DIR, file), `${historyToJSON(history)}\n`);
    saved.push(file);
    run = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return saved;
}

capture('capture follow-up histories for replay tests', () => {
  let f: ListFixture;

  beforeAll(async () => {
    f = await startListFixture('replay_follow_up', { org: ORG, seed: 37 });
    await f.models.Connection.updateOne({ _id: f.connectionId }, { $set: { 'syncSettings.pageSize': 200 } });
  });
  afterAll(() => f?.close());

  /** Triggers while the first run reads, waits for both, and saves the chain. */
  async function triggerTwiceAndSave(scenario: string, workflowId: string, trigger: () => Promise<{ runId: string; queuedBehind?: string }>) {
    f.emulator.faults.set({ rate: 1, kinds: ['LATENCY'], latencyMs: 150 });
    const first = await trigger();
    await waitFor('the first run to start reading', async () => ((await f.models.Run.findById(first.runId).lean())?.readingStartedAt ? true : undefined));
    const firstExecution = (await f.temporal.client.workflow.getHandle(workflowId).describe()).runId;
    const second = await trigger();
    expect(second.queuedBehind).toBe(first.runId);
    f.emulator.faults.clear();
    expect((await f.waitForRun(second.runId, 120_000)).status).toBe('succeeded');
    const files = await saveChain(f.temporal.client, scenario, workflowId, firstExecution);
    expect(files).toHaveLength(2);
    process.stdout.write(`captured ${files.join(', ')}\n`);
  }

  it('a CRM Administration sync that continues into its follow-up', async () => {
    await triggerTwiceAndSave('admin-sync-follow-up', crmAdminSyncWorkflowId(f.connectionId), async () =>
      (await f.ops.post(`/api/v1/connections/${f.connectionId}/syncs`, { mode: 'full' }).expect(202)).body,
    );
  });

  it('a list sync that continues into its follow-up', async () => {
    const { listId } = await f.importList({ name: 'Leads', source: { kind: 'all_leads' } });
    // Always fresh data first: the list sync runs a (slow) admin sync, long enough to trigger into.
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { freshnessMinutes: 0 }).expect(200);
    await triggerTwiceAndSave('list-sync-follow-up', listSyncWorkflowId(listId), async () => (await f.marketer.post(`/api/v1/lists/${listId}/syncs`).expect(202)).body);
  });
});
