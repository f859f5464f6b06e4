/** Reading what a list run adds to a run: membership changes, push errors and field conflicts. */
import type { Models } from '../../domain/models';
import type { ConflictOutcome } from '../../domain/models/field-conflict';
import type { MembershipChangeKind } from '../../domain/models/membership-change';
import { HttpError, NotFoundError } from '../http-errors';
import { readKeysetPage, type KeysetPaging, type SortKey } from '../keyset';

type Paging = KeysetPaging & { dir: 'asc' | 'desc' };

/** By crm id in the chosen direction, then the given tie-breakers (the document id last: unique). */
function byCrmId(query: Paging, ...then: string[]): SortKey[] {
  return [{ field: 'crmId', dir: query.dir === 'asc' ? 1 : -1 }, ...then.map((field) => ({ field, dir: 1 as const })), { field: '_id', dir: 1 }];
}

const CHANGES_ON_PAGE = 50;
const ERRORS_ON_PAGE = 100;

export async function loadListRun(models: Pick<Models, 'Run'>, runId: string) {
  const run = await models.Run.findById(runId).lean();
  if (!run) throw new NotFoundError(`run ${runId}`);
  if (run.kind !== 'list-sync' && run.kind !== 'list-import') throw new HttpError(400, `run ${runId} is a ${run.kind} run; only list runs have membership changes, conflicts and push errors`);
  return run;
}

/** The open push errors of a list run: records the CRM refused that no later push has written since. */
export async function openPushErrorIds(models: Pick<Models, 'PushError'>, runId: string): Promise<string[]> {
  const open = await models.PushError.find({ runId, resolvedByRunId: null }, { crmId: 1 }).lean();
  return [...new Set(open.map((e) => e.crmId))];
}

export async function listMembershipChanges(models: Pick<Models, 'MembershipChange'>, runId: string, query: Paging & { change?: MembershipChangeKind }) {
  const filter = { runId, ...(query.change ? { change: query.change } : {}) };
  const [{ rows, next }, total] = await Promise.all([readKeysetPage(models.MembershipChange, filter, byCrmId(query), query), models.MembershipChange.countDocuments(filter)]);
  return { changes: rows, total, next };
}

/** `open` true: not yet written by a later push; false: written since; absent: all. */
export async function listPushErrors(models: Pick<Models, 'PushError'>, runId: string, query: Paging & { open?: boolean }) {
  const filter = { runId, ...(query.open === true ? { resolvedByRunId: null } : query.open === false ? { resolvedByRunId: { $ne: null } } : {}) };
  const [{ rows, next }, total] = await Promise.all([readKeysetPage(models.PushError, filter, byCrmId(query), query), models.PushError.countDocuments(filter)]);
  return { errors: rows, total, next };
}

export async function listFieldConflicts(models: Pick<Models, 'FieldConflict'>, runId: string, query: Paging & { winner?: 'marketing' | 'crm'; outcome?: ConflictOutcome }) {
  const filter = { runId, ...(query.winner ? { winner: query.winner } : {}), ...(query.outcome ? { outcome: query.outcome } : {}) };
  const [{ rows, next }, total] = await Promise.all([readKeysetPage(models.FieldConflict, filter, byCrmId(query, 'field'), query), models.FieldConflict.countDocuments(filter)]);
  return { conflicts: rows, total, next };
}

/** The first page of each list-run table on the run page, with totals (open push errors counted apart). */
export async function listRunPageSections(models: Pick<Models, 'MembershipChange' | 'PushError' | 'FieldConflict'>, runId: string) {
  const [changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal] = await Promise.all([
    models.MembershipChange.find({ runId }).sort({ change: 1, crmId: 1 }).limit(CHANGES_ON_PAGE).lean(),
    models.MembershipChange.countDocuments({ runId }),
    models.PushError.find({ runId }).sort({ crmId: 1 }).limit(ERRORS_ON_PAGE).lean(),
    models.PushError.countDocuments({ runId, resolvedByRunId: null }),
    models.FieldConflict.find({ runId }).sort({ crmId: 1, field: 1 }).limit(ERRORS_ON_PAGE).lean(),
    models.FieldConflict.countDocuments({ runId }),
  ]);
  return { changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal };
}
