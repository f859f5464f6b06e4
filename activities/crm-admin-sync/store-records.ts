import type { CrmRecord } from '../../domain/crm/connector';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import { crmRecordKey, type CrmRecordModel } from '../../domain/models/crm-record';

export interface StoreCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/**
 * Stores one page of CRM records of one object, keyed by (connection, CRM id).
 *
 * Measured on FerretDB v1 (SQLite backend): an unordered insertMany of 2,000 documents takes ~0.1 s,
 * but each upsert that inserts ~32 ms and each update ~30 ms. So this is a bulk upsert done in the
 * way that is fast there and correct on MongoDB: one _id look-up for the page, insertMany what is
 * new, and a bulk update of only the records whose content differs. Re-storing a page (a retried
 * attempt, the overlap window) writes nothing.
 */
export async function storeRecords(model: CrmRecordModel, connectionId: string, records: CrmRecord[]): Promise<StoreCounts> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const syncedAt = new Date();
  const byKey = new Map(
    records.map((record) => {
      const doc = {
        _id: crmRecordKey(connectionId, record.id),
        connectionId,
        crmId: record.id,
        fields: record.fields,
        systemModstamp: record.systemModstamp ? new Date(record.systemModstamp) : undefined,
        syncedAt,
      };
      return [doc._id, doc] as const;
    }),
  );
  const docs = [...byKey.values()];
  const existing = await model.find({ _id: { $in: docs.map((d) => d._id) } }, { fields: 1, systemModstamp: 1 }).lean();
  const stored = new Map(existing.map((e) => [e._id, e]));
  const fresh = docs.filter((d) => !stored.has(d._id));
  const changed = docs.filter((d) => {
    const before = stored.get(d._id);
    return before !== undefined && (before.systemModstamp?.getTime() !== d.systemModstamp?.getTime() || !sameFields(before.fields, d.fields));
  });
  if (fresh.length > 0) await insertIgnoringDuplicates(model, fresh);
  if (changed.length > 0) {
    await bulkWriteInChunks(
      model,
      changed.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $set: rest }, upsert: true } })),
    );
  }
  return { inserted: fresh.length, updated: changed.length, unchanged: docs.length - fresh.length - changed.length };
}

/** A concurrent writer (a retried attempt still running) may have inserted some already: that is fine. */
async function insertIgnoringDuplicates(model: CrmRecordModel, docs: object[]): Promise<void> {
  try {
    await model.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    const onlyDuplicates = Array.isArray(writeErrors) && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
    if (!onlyDuplicates) throw err;
  }
}

/** Removes local records by CRM id, in batches; returns how many were there. */
export async function removeRecords(model: CrmRecordModel, connectionId: string, crmIds: string[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < crmIds.length; i += 1000) {
    const keys = crmIds.slice(i, i + 1000).map((id) => crmRecordKey(connectionId, id));
    const result = await model.deleteMany({ _id: { $in: keys } });
    removed += result.deletedCount;
  }
  return removed;
}

/** Streams the CRM ids stored locally for a connection. */
export async function* localIds(model: CrmRecordModel, connectionId: string): AsyncGenerator<string> {
  for await (const doc of model.find({ connectionId }, { crmId: 1 }).lean().cursor({ batchSize: 2000 })) yield doc.crmId;
}
