import type { Models } from '../../domain/models';

/** A page of the audit log; ties on the sorted column come newest first. */
export async function listAuditEntries(models: Pick<Models, 'AuditEntry'>, query: { page: number; perPage: number; sort: 'at' | 'action'; dir: 'asc' | 'desc' }) {
  const [entries, total] = await Promise.all([
    models.AuditEntry.find().sort({ [query.sort]: query.dir === 'asc' ? 1 : -1, _id: -1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
    models.AuditEntry.countDocuments(),
  ]);
  return { entries, total };
}
