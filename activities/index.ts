import type { ConnectorFactory } from '../domain/crm/connector-factory';
import type { Models } from '../domain/models';
import { createCrmAdminSyncActivities } from './crm-admin-sync';
import { createListActivities } from './lists';
import { createRunActivities } from './runs';

export interface ActivityDeps {
  models: Models;
  connectors: ConnectorFactory;
}

/** Every activity the worker registers, built over injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRunActivities(deps),
    ...createCrmAdminSyncActivities(deps),
    ...createListActivities(deps),
  };
}
