import fs from 'node:fs';
import type { HarnessState } from './harness-env';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __crmSyncHarness?: HarnessState }).__crmSyncHarness;
  if (!state) return;
  await state.services.stop();
  if (!process.env.CRM_SYNC_KEEP_TEST_DATA) fs.rmSync(state.runDir, { recursive: true, force: true });
}
