import { createHash } from 'node:crypto';
import type { CrmRecord } from '../../domain/crm/connector';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import { crmRecordKey, type CrmRecordModel } from '../../domain/models/crm-record';

export interface StoreCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Stamp and field values in one short hash: equal hashes mean there is nothing to write. */
export function recordContentHash(systemModstamp: string | undefined, fields: Record<string, unknown>): string {
  return createHash('sha1').update(systemModstamp ?? '').update('\u0000').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}

/** CRM id → content hash of every local record of an object: what a full pull compares pages with. */
export type KnownRecords = Map<string, string>;

/**
 * One scan of the object's local records. FerretDB v1 (SQLite) scans the table even for `_id`
 * look-ups (measured: a 200-id `$in` takes 12 ms on an empty collection and 3.1 s at 12,000
 * documents), so a full pull loads the hashes once per attempt instead of once per page.
 */
export async function loadKnownRecords(model: CrmRecordModel, connectionId: string): Promise<KnownRecords> {
  const known: KnownRecords = new Map();
  for await (const doc of model.find({ connectionId }, { crmId: 1, fieldsHash: 1 }).lean().cursor({ batchSize: 5000 })) {
    known.set(doc.crmId, doc.fieldsHash ?? '');
  }
  return known;
}

/** The local document of one CRM record (the benchmark's insert-only limit writes the same shape). */
export function storedRecordDocument(connectionId: string, record: CrmRecord, syncedAt: Date) {
  return {
    _id: crmRecordKey(connectionId, record.id),
    connectionId,
    crmId: record.id,
    fields: record.fields,
    fieldsHash: recordContentHash(record.systemModstamp, record.fields),
    systemModstamp: record.systemModstamp ? new Date(record.systemModstamp) : undefined,
    syncedAt,
  };
}

/** One record a page is about to insert or update, with the fields of the version it replaces. */
export interface RecordChange {
  crmId: string;
  fieldsHash: string;
  fields: Record<string, unknown>;
  /** The `previousFields` of the stored version; absent for a new record or when `known` was given. */
  previous?: Record<string, unknown>;
}

/** Told of a page's inserts and updates before they are written, so a crash can only over-report them. */
export interface ChangeWatch {
  previousFields: string[];
  beforeWrite(changes: RecordChange[]): Promise<void>;
}

/**
 * Stores one page of CRM records of one object, keyed by (connection, CRM id): a bulk upsert done
 * the way that is fast on FerretDB and correct on MongoDB. New records go in with one insertMany
 * (2,000 documents ~0.1 s); records whose content hash differs are updated in bulk (each update
 * ~15-30 ms there); unchanged records (a retried page, the overlap window) are not written.
 * With `known` (a full pull) no look-up is made; otherwise one `_id $in` query per page.
 */
export async function storeRecords(model: CrmRecordModel, connectionId: string, records: CrmRecord[], known?: KnownRecords, watch?: ChangeWatch): Promise<StoreCounts> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const syncedAt = new Date();
  const byKey = new Map(
    records.map((record) => {
      const doc = storedRecordDocument(connectionId, record, syncedAt);
      return [doc._id, doc] as const;
    }),
  );
  const docs = [...byKey.values()];
  const previous = new Map<string, Record<string, unknown>>();
  const stored: KnownRecords = known ?? (await lookUpHashes(model, docs.map((d) => d._id), watch?.previousFields ?? [], previous));
  const fresh = docs.filter((d) => !stored.has(d.crmId));
  const changed = docs.filter((d) => stored.has(d.crmId) && stored.get(d.crmId) !== d.fieldsHash);
  if (watch && fresh.length + changed.length > 0) {
    await watch.beforeWrite([...fresh, ...changed].map((d) => ({ crmId: d.crmId, fieldsHash: d.fieldsHash, fields: d.fields, previous: previous.get(d.crmId) })));
  }
  if (fresh.length > 0) await insertIgnoringDuplicates(model, fresh);
  if (changed.length > 0) {
    await bulkWriteInChunks(
      model,
      changed.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $set: rest }, upsert: true } })),
    );
  }
  for (const d of [...fresh, ...changed]) known?.set(d.crmId, d.fieldsHash);
  return { inserted: fresh.length, updated: changed.length, unchanged: docs.length - fresh.length - changed.length };
}

/** Look-ups in flight at once: enough to hide the round trip, few enough not to crowd the server. */
const LOOKUP_CONCURRENCY = 8;

/**
 * The stored hash of each key that exists, and into `previous` its `previousFields`. One find by `_id`
 * per key rather than one `$in`: FerretDB v1 serves a find by `_id` from the index the id-index keeper adds, but scans the table
 * for `$in` (measured at 27,000 documents on a loaded machine: 200 finds 1.6 s, one 200-id `$in` 23 s).
 */
async function lookUpHashes(model: CrmRecordModel, keys: string[], previousFields: string[], previous: Map<string, Record<string, unknown>>): Promise<KnownRecords> {
  const found: KnownRecords = new Map();
  const projection = { crmId: 1, fieldsHash: 1, ...Object.fromEntries(previousFields.map((f) => [`fields.${f}`, 1])) };
  for (let i = 0; i < keys.length; i += LOOKUP_CONCURRENCY) {
    const docs = await Promise.all(keys.slice(i, i + LOOKUP_CONCURRENCY).map((key) => model.findById(key, projection).lean()));
    for (const doc of docs) {
      if (!doc) continue;
      found.set(doc.crmId, doc.fieldsHash ?? '');
      if (previousFields.length > 0) previous.set(doc.crmId, doc.fields ?? {});
    }
  }
  return found;
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
