import type { Models } from '../models';
import { openCredentials } from '../connections/connection-secrets';
import type { SecretBox } from '../secrets/secret-box';
import type { CrmConnector } from './connector';
import { SalesforceConnector } from './salesforce/salesforce-connector';

export interface ConnectorFactory {
  /** A logged-out connector for a stored connection; it logs in on first use. */
  forConnection(connectionId: string): Promise<CrmConnector>;
}

export class ConnectionNotFoundError extends Error {
  override name = 'ConnectionNotFoundError';
}

export function createConnectorFactory(models: Pick<Models, 'Connection'>, box: SecretBox): ConnectorFactory {
  return {
    async forConnection(connectionId) {
      const connection = await models.Connection.findById(connectionId).lean();
      if (!connection) throw new ConnectionNotFoundError(`connection ${connectionId} does not exist`);
      return new SalesforceConnector(openCredentials(connection, box));
    },
  };
}
