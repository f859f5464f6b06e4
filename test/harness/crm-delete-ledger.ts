import fs from 'node:fs';
import path from 'node:path';

/** The variable through which every emulator of the run learns where to append crm-sync's delete requests. */
export const DELETE_LEDGER_ENV = 'CRM_SYNC_DELETE_LEDGER';

export interface LedgerEntry {
  client: string;
  endpoint: string;
  path: string;
  pid?: number;
  at?: string;
}

/** A fresh, empty ledger in the run's directory. */
export function createDeleteLedger(runDir: string): string {
  const ledger = path.join(runDir, 'crm-deletes-by-crm-sync.jsonl');
  fs.writeFileSync(ledger, '');
  return ledger;
}

export function readDeleteLedger(ledger: string): LedgerEntry[] {
  if (!fs.existsSync(ledger)) return [];
  return fs
    .readFileSync(ledger, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/**
 * The product never deletes anything in the CRM: prints the suite-wide count and throws when any
 * emulator saw crm-sync ask for a delete (tests' own deletes carry no crm-sync client and are not counted).
 */
export function assertNoCrmDeletes(ledger: string, log: (line: string) => void): void {
  const entries = readDeleteLedger(ledger);
  log(`CRM deletes by crm-sync across the suite: ${entries.length}`);
  if (!entries.length) return;
  const shown = entries.slice(0, 10).map((e) => `  ${e.endpoint} ${e.path} (pid ${e.pid ?? '?'}, ${e.at ?? '?'})`);
  throw new Error(`crm-sync asked the CRM to delete records ${entries.length} time(s); it must never delete in the CRM:\n${shown.join('\n')}`);
}
