import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { crmAdminSyncWorkflowId, listSyncWorkflowId, syncPipelineWorkflowId } from '../../../contract';
import { prepareRun } from '../../../domain/runs';
import { startScoreRecompute } from '../../../api/services/score-recompute-starter';
import { recomputeScoresWorkflowId } from '../../../contract/scoring';
import { crmAdminSync, monitorAlerts, pruneHistory, scheduledListMaintenance, scheduledListSync, scheduledPipeline, scheduledRun } from '../../../workflows';
import { uniqueName } from '../../harness/services';
import { startListFixture, type ListFixture, type RunJson } from '../lists/list-fixture';
import { DEFAULT_RETENTION } from '../../../contract/retention';

/**
 * Captures the workflow histories that workflow-histories.test.ts replays: real runs of every
 * workflow type against the real dev server, each with its children and continued runs. Skipped
 * unless run by `npm run replay:capture`; `npm run replay:capture -- -t '<scenario>'` records one
 * scenario again and keeps the others, which were recorded by older workflow code and are what
 * proves the current code still replays it.
 */
const capture = process.env.CRM_SYNC_CAPTURE_HISTORIES === '1' ? describe : describe.skip;

const HISTORIES_DIR = path.join(__dirname, 'histories');
const ORG = { leads: 40, contacts: 60, accounts: 12, users: 3, opportunities: 10, campaigns: 2 };

type FetchedHistory = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

/**
 * Writes the history of one workflow run, then of every child it started and of the run it
 * continued as, depth first: `<scenario>.<n>.<workflowType>.json`.
 */
async function saveHistories(client: Client, scenario: string, workflowId: string, runId?: string): Promise<string[]> {
  for (const file of fs.readdirSync(HISTORIES_DIR).filter((x) => x.startsWith(`${scenario}.`))) fs.rmSync(path.join(HISTORIES_DIR, file));
  const saved: string[] = [];
  const visit = async (id: string, run: string | undefined): Promise<void> => {
    const history: FetchedHistory = await client.workflow.getHandle(id, run).fetchHistory();
    const events = history.events ?? [];
    const type = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown';
    const file = `${scenario}.${saved.length + 1}.${type}.json`;
    fs.writeFileSync(path.join(HISTORIES_DIR, file), `${historyToJSON(history)}\n`);
    saved.push(file);
    for (const event of events) {
      const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId && child.runId) await visit(child.workflowId, child.runId);
    }
    const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (next) await visit(id, next);
  };
  await visit(workflowId, runId);
  return saved;
}

/** Waits for the latest run of a workflow id to close, whether it succeeded or failed. */
async function closed(client: Client, workflowId: string): Promise<void> {
  await client.workflow
    .getHandle(workflowId)
    .result()
    .catch(() => undefined);
}

capture('capture workflow histories for replay tests', () => {
  let f: ListFixture;
  let contactsListId: string | undefined;
  let webLeadsListId: string;
  let programId: string | undefined;
  const saved: string[] = [];

  beforeAll(async () => {
    f = await startListFixture('replay_capture', { org: ORG, seed: 31 });
  });
  afterAll(async () => {
    await f?.close();
    process.stdout.write(`captured ${saved.length} histories in ${HISTORIES_DIR}:\n${saved.join('\n')}\n`);
  });

  async function defineProgram(listId: string): Promise<string> {
    const program = await f.marketer
      .post('/api/v1/programs', {
        listId,
        name: 'Score everyone',
        steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: 42 }, when: { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] } }],
      })
      .expect(201);
    return program.body.id as string;
  }

  it('a full CRM Administration sync that continues as new', async () => {
    const workflowId = crmAdminSyncWorkflowId(f.connectionId);
    const runId = await prepareRun(f.models, { kind: 'crm-admin-sync', connectionId: f.connectionId, workflowId, trigger: 'manual', options: { mode: 'full' } });
    const handle = await f.temporal.client.workflow.start(crmAdminSync, {
      taskQueue: f.worker.taskQueue,
      workflowId,
      args: [{ connectionId: f.connectionId, runId, mode: 'full', continueAsNewAfterEvents: 30 }],
    });
    await handle.result();
    const files = await saveHistories(f.temporal.client, 'admin-sync-continue-as-new', workflowId, handle.firstExecutionRunId);
    expect(files.length).toBeGreaterThan(1);
    saved.push(...files);
  });

  it('a list import, then a list sync that pushes changed scores', async () => {
    contactsListId = (await f.importList({ name: 'Contacts', source: { kind: 'all_contacts' } })).listId;
    saved.push(...(await saveHistories(f.temporal.client, 'list-import', listSyncWorkflowId(contactsListId))));
    const members = await f.models.ListMember.find({ listId: contactsListId }).sort({ crmId: 1 }).limit(5).lean();
    for (const [i, m] of members.entries()) await f.models.ListMember.updateOne({ _id: m._id }, { $set: { 'values.behaviorScore': 600 + i } });
    const run = await f.syncList(contactsListId);
    expect(run.status).toBe('succeeded');
    for (const [i, m] of members.entries()) expect(f.emulator.store.get('Contact', m.crmId)?.Behavior_Score__c).toBe(600 + i);
    await closed(f.temporal.client, listSyncWorkflowId(contactsListId));
    saved.push(...(await saveHistories(f.temporal.client, 'list-sync-push', listSyncWorkflowId(contactsListId))));
  });

  it('a pipeline with a failed step, and its retry', async () => {
    webLeadsListId = (await f.importList({ name: 'Web leads', source: { kind: 'soql', object: 'Lead', where: "LeadSource = 'Web'" } })).listId;
    const query = { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] };
    await f.marketer.post('/api/v1/segments', { listId: webLeadsListId, name: 'Web leads with email', query }).expect(201);
    await f.marketer.post('/api/v1/segments', { listId: contactsListId, name: 'Contacts with email', query }).expect(201);
    programId = await defineProgram(String(contactsListId));
    await f.models.MarketingList.updateOne({ _id: webLeadsListId }, { $set: { 'source.where': "LeadSource = 'Web" } });
    const pipelineId = syncPipelineWorkflowId(f.connectionId);

    const started = await f.ops.post(`/api/v1/connections/${f.connectionId}/pipeline-runs`, {}).expect(202);
    const failed: RunJson = await f.waitForRun(started.body.runId, 120_000);
    expect(failed.status).toBe('failed');
    await closed(f.temporal.client, pipelineId);
    saved.push(...(await saveHistories(f.temporal.client, 'pipeline-failed-step', pipelineId)));

    await f.models.MarketingList.updateOne({ _id: webLeadsListId }, { $set: { 'source.where': "LeadSource = 'Web'" } });
    const retry = await f.ops.post(`/api/v1/runs/${failed.id}/retry`, {}).expect(202);
    expect((await f.waitForRun(retry.body.runId, 120_000)).status).toBe('succeeded');
    await closed(f.temporal.client, pipelineId);
    saved.push(...(await saveHistories(f.temporal.client, 'pipeline-retry', pipelineId)));
  });

  it('what the schedules start: a pipeline, a list sync and a program', async () => {
    const { client } = f.temporal;
    const taskQueue = f.worker.taskQueue;
    const runAndSave = async (scenario: string, start: (workflowId: string) => Promise<{ result(): Promise<unknown> }>) => {
      const workflowId = uniqueName(scenario);
      await (await start(workflowId)).result();
      saved.push(...(await saveHistories(client, scenario, workflowId)));
    };
    await runAndSave('scheduled-pipeline', (workflowId) => client.workflow.start(scheduledPipeline, { taskQueue, workflowId, args: [{ connectionId: f.connectionId }] }));
    await runAndSave('scheduled-list-sync', (workflowId) => client.workflow.start(scheduledListSync, { taskQueue, workflowId, args: [{ listId: String(contactsListId) }] }));
    await runAndSave('scheduled-list-maintenance', (workflowId) => client.workflow.start(scheduledListMaintenance, { taskQueue, workflowId, args: [{ programId: String(programId) }] }));
  });

  it('scheduledRun for each kind of schedule target', async () => {
    // Runs alone too (`-t scheduledRun`): then it makes the list and program it needs.
    contactsListId ??= (await f.importList({ name: 'Contacts', source: { kind: 'all_contacts' } })).listId;
    programId ??= await defineProgram(contactsListId);
    const { client } = f.temporal;
    const targets = { connection: { kind: 'connection', connectionId: f.connectionId }, list: { kind: 'list', listId: contactsListId }, program: { kind: 'program', programId } } as const;
    for (const [kind, target] of Object.entries(targets)) {
      const scenario = `scheduled-run-${kind}`;
      const workflowId = uniqueName(scenario);
      await (await client.workflow.start(scheduledRun, { taskQueue: f.worker.taskQueue, workflowId, args: [target] })).result();
      saved.push(...(await saveHistories(client, scenario, workflowId)));
    }
  });

  it('a score recompute and an alerts pass', async () => {
    const { client } = f.temporal;
    const taskQueue = f.worker.taskQueue;
    const recompute = await startScoreRecompute({ models: f.models, temporal: client, taskQueue });
    expect(recompute).toMatchObject({ joined: false });
    await closed(client, recomputeScoresWorkflowId(taskQueue));
    saved.push(...(await saveHistories(client, 'recompute-scores', recomputeScoresWorkflowId(taskQueue))));
    const workflowId = uniqueName('monitor-alerts');
    await (await client.workflow.start(monitorAlerts, { taskQueue, workflowId })).result();
    saved.push(...(await saveHistories(client, 'monitor-alerts', workflowId)));
  });

  it('a history retention pass', async () => {
    const workflowId = uniqueName('prune-history');
    await f.temporal.client.workflow.execute(pruneHistory, { taskQueue: f.worker.taskQueue, workflowId, args: [DEFAULT_RETENTION] });
    saved.push(...(await saveHistories(f.temporal.client, 'prune-history', workflowId)));
  });
});
