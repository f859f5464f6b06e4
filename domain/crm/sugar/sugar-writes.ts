import { randomUUID } from 'node:crypto';
import type { CrmFieldValue, CrmRecord, RecordWriteError } from '../connector';
import { DEFAULT_WRITE_POLICY, writeInRounds, type WriteOutcome, type WritePolicy } from '../http/write-rounds';
import type { SugarCaller } from './sugar-call';
import { classifyAnswer, fieldsNamedBy } from './sugar-errors';
import { assertModuleName, assertRecordId, MAX_BULK_REQUESTS, type BulkAnswer } from './sugar-reader';

// Record writes per /bulk call: Sugar takes up to 1000 requests in one; the policy's batch size keeps a retry cheap.
export { DEFAULT_WRITE_POLICY, type WriteOutcome, type WritePolicy };

export interface BulkWriter {
  caller: SugarCaller;
  /** Current records with these ids (missing and deleted ones left out), in the core's form. */
  readBack(module: string, ids: string[], fields: string[]): Promise<CrmRecord[]>;
  policy: WritePolicy;
}

/** One record write: `fields` in the core's form (for reading back), `body` as Sugar takes it. */
export interface WriteOperation {
  index: number;
  id: string;
  fields: Record<string, CrmFieldValue>;
  body: Record<string, unknown>;
}

/**
 * One /bulk part's answer. A 5xx part (fatal_error: a lock wait timeout or a database failure) and
 * a 429 part are tried again in the next round; a 404 (the record was deleted) or a 422 (a refused
 * value, a logic hook's refusal) is the record's result, with Sugar's own words.
 */
export function outcomeOfPart(answer: BulkAnswer | undefined): WriteOutcome {
  if (!answer) return { success: false, retry: true, error: { code: 'NO_ANSWER', message: 'SugarCRM gave no answer for this record', fields: [] } };
  if (answer.status >= 200 && answer.status < 300) return { success: true };
  const failure = classifyAnswer(answer.status, answer.contents);
  const passing = failure.kind === 'server' || failure.kind === 'throttled' || failure.kind === 'auth';
  return { success: false, retry: passing, error: { code: failure.code, message: failure.message, fields: fieldsNamedBy(failure.message) } };
}

/**
 * One /bulk call of independent record writes: Sugar runs its parts in order, each answered on its
 * own, so one refused record never stops another. Updates are PUTs of existing ids, which Sugar
 * never turns into creates (a missing record answers 404).
 */
async function sendBulk(writer: BulkWriter, module: string, op: 'update' | 'create', ops: WriteOperation[]): Promise<WriteOutcome[]> {
  const requests = ops.map((o) =>
    op === 'update'
      ? { url: writer.caller.bulkUrl(`${assertModuleName(module)}/${encodeURIComponent(assertRecordId(o.id))}`), method: 'PUT', data: JSON.stringify(o.body) }
      : { url: writer.caller.bulkUrl(assertModuleName(module)), method: 'POST', data: JSON.stringify({ ...o.body, id: o.id }) },
  );
  const answers = await writer.caller.call<BulkAnswer[]>({ method: 'POST', path: 'bulk', body: { requests }, writes: true });
  if (!Array.isArray(answers) || answers.length !== ops.length) throw new Error(`SugarCRM answered ${Array.isArray(answers) ? answers.length : 'no'} parts for a bulk of ${ops.length} writes`);
  return answers.map(outcomeOfPart);
}

function sameValue(wanted: CrmFieldValue, stored: CrmFieldValue | undefined): boolean {
  if ((wanted ?? null) === (stored ?? null)) return true;
  if (wanted === '' && (stored ?? null) === null) return true;
  if (typeof wanted === 'number' || typeof stored === 'number') return wanted !== null && stored !== null && stored !== undefined && Number(wanted) === Number(stored);
  // Sugar answers a bool as a JSON boolean whatever it was sent as (1, "1", "true").
  if (typeof stored === 'boolean') return String(wanted) === String(stored) || (wanted === '1') === stored;
  return false;
}

/**
 * After a lost answer: which writes landed. An update landed when the record holds every value it
 * wrote (sending it again would write the record twice); a create landed when its id exists.
 */
async function landedAfterLostAnswer(writer: BulkWriter, module: string, op: 'update' | 'create', ops: WriteOperation[]): Promise<boolean[]> {
  const fields = op === 'update' ? [...new Set(ops.flatMap((o) => Object.keys(o.fields)))] : [];
  const records = new Map((await writer.readBack(module, ops.map((o) => o.id), fields)).map((r) => [r.id, r]));
  return ops.map((o) => {
    const record = records.get(o.id);
    if (!record) return false;
    return op === 'create' || Object.entries(o.fields).every(([name, value]) => sameValue(value, record.fields[name]));
  });
}

/** Writes every operation, each at most once landed: rounds for passing failures, lost answers settled by reading back. */
export function writeAll(writer: BulkWriter, module: string, op: 'update' | 'create', all: WriteOperation[]): Promise<WriteOutcome[]> {
  return writeInRounds(all, {
    policy: writer.policy,
    batchSize: Math.min(MAX_BULK_REQUESTS, writer.policy.batchSize),
    // One /bulk at a time: a self-hosted instance is often one PHP server.
    parallel: false,
    crmName: 'SugarCRM',
    send: (ops) => sendBulk(writer, module, op, ops),
    landed: (ops) => landedAfterLostAnswer(writer, module, op, ops),
  });
}

/** A create's id of crm-sync's choosing: Sugar accepts an id in a create's body, so a create whose answer was lost is found by it. */
export const newRecordId = (): string => randomUUID();
