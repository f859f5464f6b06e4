import type { Models } from '../../../../domain/models';
import { waitFor } from '../../../harness/wait-for';
import { startListFixture, type ListFixture } from '../../lists/list-fixture';

/** A small org: every object present, a sync takes a second or two. */
export const SMALL_ORG = { leads: 12, contacts: 24, accounts: 6, users: 3, opportunities: 16, campaigns: 3 };

export const VALID_SEGMENT_QUERY = { all: [{ object: 'Member', field: 'LastName', op: 'is_not_empty' }] };

export interface FuzzFixture extends ListFixture {
  listId: string;
  segmentId: string;
  programId: string;
  /** A finished run (the list import). */
  runId: string;
  /** An admin API token, for raw requests. */
  adminToken: string;
}

/** The list fixture plus one list, one segment on it and one program on it, all through the API. */
export async function startFuzzFixture(name: string, seed: number): Promise<FuzzFixture> {
  const f = await startListFixture(name, { org: SMALL_ORG, seed });
  const { listId, run } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } });
  const segment = await f.marketer.post('/api/v1/segments', { listId, name: 'Named people', query: VALID_SEGMENT_QUERY }).expect(201);
  const program = await f.marketer
    .post('/api/v1/programs', { listId, name: 'Score from behaviour', steps: [{ kind: 'change_field', field: 'behaviorScore', set: { kind: 'behavior_score' } }] })
    .expect(201);
  const token = await f.admin.post('/api/v1/tokens', { name: 'fuzzing', role: 'admin' }).expect(201);
  return { ...f, listId, segmentId: segment.body.id as string, programId: program.body.id as string, runId: run.id, adminToken: token.body.token as string };
}

const UNFINISHED = ['queued', 'running', 'paused', 'cancelling'];

/** Waits until no run is unfinished, so background work cannot change the database under a snapshot. */
export async function waitForQuietRuns(models: Models, timeoutMs = 60_000): Promise<void> {
  await waitFor('every run to finish', async () => ((await models.Run.countDocuments({ status: { $in: UNFINISHED } })) === 0 ? true : undefined), timeoutMs);
}
