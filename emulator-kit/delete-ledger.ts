import fs from 'node:fs';
import type { DeleteRequest } from './stats';

/**
 * One JSON line per delete request crm-sync sent, appended at once so the record survives an
 * emulator that is never closed; the test suite's teardown reads the file and fails on any line.
 */
export function appendDeleteToLedger(ledgerPath: string, request: DeleteRequest): void {
  fs.appendFileSync(ledgerPath, `${JSON.stringify({ ...request, pid: process.pid, at: new Date().toISOString() })}\n`);
}
