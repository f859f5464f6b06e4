import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';

export interface ProgramDeps {
  models: Models;
  connectors: ConnectorFactory;
}
