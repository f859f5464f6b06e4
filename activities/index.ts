import type { ConnectorFactory } from '../domain/crm/connector-factory';
import type { Models } from '../domain/models';
import type { OutboundHostPolicy } from '../domain/outbound/outbound-hosts';
import type { SecretBox } from '../domain/secrets/secret-box';
import { createAlertActivities } from './alerts';
import { createCrmAdminSyncActivities } from './crm-admin-sync';
import { createListActivities } from './lists';
import { createPipelineActivities } from './pipeline';
import { createRetentionActivities } from './retention';
import { createProgramActivities } from './programs';
import { createRunActivities } from './runs';
import { createSegmentActivities } from './segments';
import { createScoringActivities } from './scoring';

export interface ActivityDeps {
  models: Models;
  connectors: ConnectorFactory;
  /** Opens sealed settings (the alerts webhook URL). */
  box?: SecretBox;
  /** Where alert webhooks may go; strict (public https hosts only) when not given. */
  outboundHosts?: OutboundHostPolicy;
}

/** Every activity the worker registers, built over injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRunActivities(deps),
    ...createCrmAdminSyncActivities(deps),
    ...createListActivities(deps),
    ...createPipelineActivities(deps),
    ...createAlertActivities(deps),
    ...createSegmentActivities(deps),
    ...createProgramActivities(deps),
    ...createScoringActivities(deps),
    ...createRetentionActivities(deps),
  };
}
