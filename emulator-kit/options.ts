import { resolveOrgSize } from './org-size';

/** The options every emulator takes, whatever its CRM. */
export interface EmulatorOptionsBase<S> {
  /** Default 0: any free port. The emulator always binds 127.0.0.1. */
  port?: number;
  /** Seed of the org generator (default 1). */
  seed?: number;
  /** 'demo' ≈ 10,000 leads+contacts; 'empty' = only the users the emulator signs in as. Default 'demo'. */
  org?: S | 'demo' | 'empty';
  /** File that crm-sync's delete requests are appended to; default CRM_SYNC_DELETE_LEDGER (set by the test suite). */
  deleteLedgerPath?: string;
}

/** What an emulator builds its org from: the seed, the size, and the never-delete ledger its stats append to. */
export function orgPlan<S>(opts: EmulatorOptionsBase<S>, demo: S, empty: S): { seed: number; size: S; deleteLedgerPath: string | undefined } {
  return { seed: opts.seed ?? 1, size: resolveOrgSize(opts.org, demo, empty), deleteLedgerPath: opts.deleteLedgerPath ?? process.env.CRM_SYNC_DELETE_LEDGER };
}
