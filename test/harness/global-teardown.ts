import fs from 'node:fs';
import { assertNoCrmDeletes, DELETE_LEDGER_ENV } from './crm-delete-ledger';
import type { HarnessState } from './harness-env';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __crmSyncHarness?: HarnessState }).__crmSyncHarness;
  if (!state) return;
  const ledger = process.env[DELETE_LEDGER_ENV];
  try {
    await state.services.stop();
    // Read before the run directory goes: a delete by crm-sync anywhere in the suite fails the run.
    if (ledger) checkLedger(ledger);
  } finally {
    if (!process.env.CRM_SYNC_KEEP_TEST_DATA) fs.rmSync(state.runDir, { recursive: true, force: true });
  }
}

function checkLedger(ledger: string): void {
  try {
    assertNoCrmDeletes(ledger, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    // jest reports a thrown teardown; the exit code makes sure no wrapper mistakes the run for a pass.
    process.exitCode = 1;
    throw err;
  }
}
