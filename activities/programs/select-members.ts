import { ApplicationFailure } from '@temporalio/activity';
import type { Models } from '../../domain/models';
import { findSegmentMembers } from '../../domain/segments/db/evaluate-segment';
import { segmentCatalogForList } from '../../domain/segments/db/list-catalog';
import { validateSegmentQuery } from '../../domain/segments/validate';
import type { SegmentQuery } from '../../domain/segments/query';
import type { ProgramDeps } from './program-deps';

export const PROGRAM_CONDITION_INVALID_FAILURE = 'ProgramConditionInvalid';

/**
 * The crmIds a step's `when` selects on the database (compiled segment plan, plain finds), or
 * null for "every member". Re-validated at run time: the list's fields or the CRM describe may
 * have changed since the program was saved, and a condition that no longer compiles fails the run
 * for good instead of silently matching nobody.
 */
export async function selectMembers(deps: ProgramDeps, list: { _id: unknown; connectionId: unknown; fields: string[] }, when: SegmentQuery | undefined, now: Date): Promise<Set<string> | null> {
  if (!when) return null;
  const catalog = await segmentCatalogForList(deps, list);
  const checked = validateSegmentQuery(when, catalog);
  if (!checked.ok) {
    const message = checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw ApplicationFailure.create({ type: PROGRAM_CONDITION_INVALID_FAILURE, message: `the step's condition is no longer valid for the list: ${message}`, nonRetryable: true });
  }
  return findSegmentMembers(deps.models as Pick<Models, 'db'>, { listId: String(list._id), connectionId: String(list.connectionId), catalog, query: checked.query }, now);
}
