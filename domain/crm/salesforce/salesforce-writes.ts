import type { Record as SfRecord, SaveResult } from 'jsforce';
import { CrmError, type CrmFieldValue, type RecordCreate, type RecordUpdate, type RecordWriteError, type RecordWriteResult } from '../connector';
import { chunk, retryTransient, sleep, type SalesforceCall, type WriteRetryPolicy } from './salesforce-write-retry';

/** sObject Collections take at most 200 records per call. */
const COLLECTION_LIMIT = 200;
const LOCKED = 'UNABLE_TO_LOCK_ROW';
/**
 * Keys that address the record rather than set a field; the connector sets the id itself. jsforce
 * also drops a key spelled exactly `type` (its record-type shorthand); Salesforce's `Type` is safe.
 */
const isReserved = (name: string) => name.toLowerCase() === 'id' || name === 'attributes';

export interface CollectionWriter {
  call: SalesforceCall;
  retry: WriteRetryPolicy;
}

type Operation = 'update' | 'create';
type Outcome = { id?: string; success: boolean; errors: RecordWriteError[] };

function writableFields(fields: Record<string, CrmFieldValue>): Record<string, CrmFieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !isReserved(name)));
}

/** The composite response says `statusCode`; jsforce's type says `errorCode`. Accept either. */
function toWriteErrors(errors: unknown): RecordWriteError[] {
  return (Array.isArray(errors) ? errors : []).map((e: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }) => ({
    code: e.statusCode ?? e.errorCode ?? 'UNKNOWN_EXCEPTION',
    message: e.message ?? '',
    fields: e.fields ?? [],
  }));
}

/** One sObject Collections call (allOrNone off), tried again whole on transient failures. */
async function saveBatch(writer: CollectionWriter, op: Operation, object: string, records: SfRecord[]): Promise<Outcome[]> {
  const results: SaveResult[] = await retryTransient(writer.retry, () =>
    writer.call((conn) =>
      op === 'update'
        ? conn.update(object, records as Array<SfRecord & { Id: string }>, { allOrNone: false })
        : conn.create(object, records, { allOrNone: false }),
    ),
  );
  if (!Array.isArray(results) || results.length !== records.length) {
    throw new CrmError(`Salesforce answered ${Array.isArray(results) ? results.length : 'no'} results for ${records.length} records`, 'UNEXPECTED_RESPONSE');
  }
  return results.map((r) => ({ id: r.id ?? undefined, success: r.success, errors: r.success ? [] : toWriteErrors(r.errors) }));
}

/**
 * Saves records 200 per call. A record that failed only because its row was locked (another
 * transaction held it) is sent again, alone with the other locked ones, after a short wait; after
 * the last try its lock error is reported like any other failure.
 */
async function saveAll(writer: CollectionWriter, op: Operation, object: string, payloads: SfRecord[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(payloads.length);
  let pending = payloads.map((_, index) => index);
  for (let round = 1; pending.length; round++) {
    if (round > 1) await sleep(Math.min(writer.retry.maxLockDelayMs, writer.retry.lockDelayMs * 2 ** (round - 2)));
    const locked: number[] = [];
    for (const batch of chunk(pending, COLLECTION_LIMIT)) {
      const results = await saveBatch(writer, op, object, batch.map((index) => payloads[index]));
      batch.forEach((index, k) => {
        outcomes[index] = results[k];
        const onlyLocked = !results[k].success && results[k].errors.length > 0 && results[k].errors.every((e) => e.code === LOCKED);
        if (onlyLocked && round < writer.retry.lockAttempts) locked.push(index);
      });
    }
    pending = locked;
  }
  return outcomes;
}

export async function updateRecordsInCollections(writer: CollectionWriter, object: string, records: RecordUpdate[]): Promise<RecordWriteResult[]> {
  const payloads = records.map((r) => ({ ...writableFields(r.fields), Id: r.id }));
  const outcomes = await saveAll(writer, 'update', object, payloads);
  return outcomes.map((o, i) => ({ id: records[i].id, ref: records[i].id, success: o.success, errors: o.errors }));
}

export async function createRecordsInCollections(writer: CollectionWriter, object: string, records: RecordCreate[]): Promise<RecordWriteResult[]> {
  const payloads = records.map((r) => writableFields(r.fields));
  const outcomes = await saveAll(writer, 'create', object, payloads);
  return outcomes.map((o, i) => ({ ...(o.success && o.id ? { id: o.id } : {}), ref: records[i].ref, success: o.success, errors: o.errors }));
}
