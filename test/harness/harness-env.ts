import type { EmbeddedServices } from '../../dev-services/embedded-services';

/** Environment variables through which global setup tells test files where the services are. */
export const HARNESS_ENV = {
  temporalAddress: 'CRM_SYNC_TEST_TEMPORAL_ADDRESS',
  mongoServerUri: 'CRM_SYNC_TEST_MONGO_SERVER_URI',
  workflowBundle: 'CRM_SYNC_TEST_WORKFLOW_BUNDLE',
  runDir: 'CRM_SYNC_TEST_RUN_DIR',
} as const;

export interface HarnessState {
  services: EmbeddedServices;
  runDir: string;
}

export function harnessValue(key: keyof typeof HARNESS_ENV): string {
  const value = process.env[HARNESS_ENV[key]];
  if (!value) throw new Error(`${HARNESS_ENV[key]} is not set: run tests through jest so test/harness/global-setup.ts runs`);
  return value;
}
