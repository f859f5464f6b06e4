import type { Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { Models } from '../../domain/models';
import { listSyncWorkflowId, type ListRunMode, type ListSyncInput } from '../../contract';
import { NotFoundError } from '../http-errors';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';
import { prepareRun } from '../../domain/runs';

type StarterDeps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'MarketingList'>; temporal: Client; taskQueue: string };

const RUN_KIND: Record<ListRunMode, 'list-import' | 'list-sync'> = { import: 'list-import', sync: 'list-sync', 'retry-push': 'list-sync' };

/**
 * Starts an import, sync or push retry of a list. One run per list at a time (the workflow id is the
 * conflict key): a trigger while one runs joins it if it has not started reading, and is otherwise
 * queued as the one follow-up behind it.
 */
export async function startListRun(
  deps: StarterDeps,
  listId: string,
  mode: ListRunMode,
  who: { triggeredBy?: string; trigger?: 'manual' | 'schedule' | 'pipeline' | 'retry' } = {},
  extra: { onlyCrmIds?: string[]; retryOf?: string } = {},
): Promise<StartedRun> {
  if (!Types.ObjectId.isValid(listId)) throw new NotFoundError(`list ${listId}`);
  const list = await deps.models.MarketingList.findById(listId, { connectionId: 1 }).lean();
  if (!list) throw new NotFoundError(`list ${listId}`);
  const workflowId = listSyncWorkflowId(listId);
  const runId = await prepareRun(deps.models, {
    kind: RUN_KIND[mode],
    connectionId: list.connectionId,
    listId,
    workflowId,
    trigger: who.trigger ?? 'manual',
    triggeredBy: who.triggeredBy,
    options: { mode, ...(extra.retryOf ? { retryOf: extra.retryOf, records: extra.onlyCrmIds?.length ?? 0 } : {}) },
  });
  const input: ListSyncInput = { listId, runId, mode, ...(extra.onlyCrmIds ? { onlyCrmIds: extra.onlyCrmIds } : {}) };
  return startOrJoin(deps, { workflowType: 'listSync', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
}
