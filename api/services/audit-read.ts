import type { Models } from '../../domain/models';
import { countUpTo, readKeysetPage, type KeysetPaging, type SortKey } from '../keyset';

/** A page of the audit log; ties on the sorted column come newest first. The total is counted no further than a page may skip. */
export async function listAuditEntries(models: Pick<Models, 'AuditEntry'>, query: KeysetPaging & { sort: 'at' | 'action'; dir: 'asc' | 'desc' }) {
  const keys: SortKey[] = [
    { field: query.sort, dir: query.dir === 'asc' ? 1 : -1 },
    { field: '_id', dir: -1 },
  ];
  const [{ rows, next }, { total, capped }] = await Promise.all([readKeysetPage(models.AuditEntry, {}, keys, query), countUpTo(models.AuditEntry, {})]);
  return { entries: rows, total, next, totalCapped: capped };
}
