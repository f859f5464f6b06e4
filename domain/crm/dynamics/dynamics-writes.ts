import { randomUUID } from 'node:crypto';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { CrmFieldValue, CrmRecord, RecordCreate, RecordUpdate, RecordWriteError, RecordWriteResult } from '../connector';
import { DEFAULT_WRITE_POLICY, writeInRounds, type WriteOutcome, type WritePolicy } from '../http/write-rounds';
import type { DynamicsCaller } from './dynamics-call';
import { classifyFailure } from './dynamics-errors';
import type { TableInfo } from './dynamics-records';

export { DEFAULT_WRITE_POLICY, type WritePolicy };

export interface BatchWriter {
  caller: DynamicsCaller;
  /** A fresh client for one $batch: dynamics-web-api keeps a started batch on its instance. */
  newClient(): DynamicsWebApi;
  /** Current rows with these ids (missing ones left out), to see which writes of a lost answer landed. */
  readBack(table: TableInfo, ids: string[], fields: string[]): Promise<CrmRecord[]>;
  policy: WritePolicy;
}

/** Dataverse's SQL timeout when another transaction holds the row: it clears within seconds. */
const ROW_LOCK = '0x80044151';
/** A create whose client-chosen id exists: an earlier try of the same create landed. */
const DUPLICATE_RECORD = '0x80040237';

type Operation = { index: number; id: string; body: Record<string, unknown> };
type Outcome = WriteOutcome;

/** Keys that address the record, not a column: the connector sets the id itself. */
function writableFields(table: TableInfo, fields: Record<string, CrmFieldValue>): Record<string, CrmFieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name !== table.primaryId && name.toLowerCase() !== 'id' && !name.includes('@')));
}

function isFailedPart(part: unknown): boolean {
  if (part instanceof Error) return true;
  if (!part || typeof part !== 'object') return false;
  const p = part as { status?: unknown; error?: unknown };
  return (typeof p.status === 'number' && p.status >= 400) || (p.error !== undefined && p.error !== null);
}

function outcomeOf(part: unknown, op: 'update' | 'create'): Outcome {
  // update() answers false on 412: with If-Match: * only a row that vanished meanwhile gives one.
  if (part === false) return { success: false, retry: false, error: { code: '0x80060882', message: 'The record changed or was deleted while it was written (412).', fields: [] } };
  if (!isFailedPart(part)) return { success: true };
  const failure = classifyFailure(part);
  if (op === 'create' && failure.code === DUPLICATE_RECORD) return { success: true };
  const passing = failure.code === ROW_LOCK || failure.kind === 'server' || failure.kind === 'throttled';
  return { success: false, retry: passing, error: { code: failure.code, message: failure.message, fields: [] } };
}

/**
 * One $batch of independent operations: outside change sets and with odata.continue-on-error, so
 * each record is applied or refused on its own and one bad record never rolls back another (a change
 * set would be all or nothing). Each update is a PATCH with `If-Match: *`, which never creates.
 */
async function sendBatch(writer: BatchWriter, table: TableInfo, op: 'update' | 'create', ops: Operation[]): Promise<Outcome[]> {
  const parts = await writer.caller.call(
    async () => {
      const client = writer.newClient();
      client.startBatch();
      for (const o of ops) {
        if (op === 'update') void client.update({ collection: table.entitySetName, key: o.id, data: o.body, ifmatch: '*' });
        else void client.create({ collection: table.entitySetName, data: { ...o.body, [table.primaryId]: o.id } });
      }
      return client.executeBatch({ inChangeSet: false, continueOnError: true });
    },
    { writes: true },
  );
  if (!Array.isArray(parts) || parts.length !== ops.length) {
    throw new Error(`Dataverse answered ${Array.isArray(parts) ? parts.length : 'no'} results for a $batch of ${ops.length} operations`);
  }
  return parts.map((part) => outcomeOf(part, op));
}

function sameValue(wanted: unknown, stored: CrmFieldValue | undefined): boolean {
  if ((wanted ?? null) === (stored ?? null)) return true;
  if (typeof wanted === 'number' || typeof stored === 'number') return Number(wanted) === Number(stored) && stored !== null && wanted !== null;
  if (typeof wanted === 'string' && typeof stored === 'string') {
    const a = Date.parse(wanted);
    return !Number.isNaN(a) && a === Date.parse(stored);
  }
  return false;
}

/**
 * After a lost answer: which operations landed. An update landed when the row holds every value it
 * wrote (re-sending it would write the row a second time); a create landed when its id exists.
 */
async function landedAfterLostAnswer(writer: BatchWriter, table: TableInfo, op: 'update' | 'create', ops: Operation[]): Promise<boolean[]> {
  const fields = op === 'update' ? [...new Set(ops.flatMap((o) => Object.keys(o.body)))] : [];
  const rows = new Map((await writer.readBack(table, ops.map((o) => o.id), fields)).map((r) => [r.id, r]));
  return ops.map((o) => {
    const row = rows.get(o.id);
    if (!row) return false;
    return op === 'create' || Object.entries(o.body).every(([name, value]) => sameValue(value, row.fields[name]));
  });
}

function writeAll(writer: BatchWriter, table: TableInfo, op: 'update' | 'create', all: Operation[]): Promise<Outcome[]> {
  return writeInRounds(all, {
    policy: writer.policy,
    batchSize: writer.policy.batchSize,
    parallel: true,
    crmName: 'Dataverse',
    send: (ops) => sendBatch(writer, table, op, ops),
    landed: (ops) => landedAfterLostAnswer(writer, table, op, ops),
  });
}

function toResult(outcome: Outcome, ref: string, id: string | undefined): RecordWriteResult {
  return outcome.success ? { ...(id ? { id } : {}), ref, success: true, errors: [] } : { ref, success: false, errors: [outcome.error] };
}

export async function updateRecordsInBatches(writer: BatchWriter, table: TableInfo, records: RecordUpdate[]): Promise<RecordWriteResult[]> {
  const ops = records.map((r, index) => ({ index, id: r.id.toLowerCase(), body: writableFields(table, r.fields) }));
  const outcomes = await writeAll(writer, table, 'update', ops);
  return outcomes.map((o, i) => toResult(o, records[i].id, records[i].id));
}

/**
 * Creates send an id of crm-sync's choosing in the body (Dataverse accepts a primary key on create):
 * a create whose answer was lost is then found by that id, and one sent again is refused as a
 * duplicate instead of making a second record.
 */
export async function createRecordsInBatches(writer: BatchWriter, table: TableInfo, records: RecordCreate[]): Promise<RecordWriteResult[]> {
  const ops = records.map((r, index) => ({ index, id: randomUUID(), body: writableFields(table, r.fields) }));
  const outcomes = await writeAll(writer, table, 'create', ops);
  return outcomes.map((o, i) => toResult(o, records[i].ref, o.success ? ops[i].id : undefined));
}
