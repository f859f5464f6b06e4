import type { Types } from 'mongoose';
import type { Models } from '../models';
import type { ConnectionDoc } from '../models/connection';
import { openCredentials } from '../connections/connection-secrets';
import type { SecretBox } from '../secrets/secret-box';
import type { CrmConnector } from './connector';
import { crmDefinition } from './crm-registry';

export interface ConnectorFactory {
  /** A logged-out connector for a stored connection; it logs in on first use. */
  forConnection(connectionId: string): Promise<CrmConnector>;
  /** The same for a connection the caller has already loaded: one load per activity attempt. */
  forStoredConnection(connection: ConnectionDoc & { _id: Types.ObjectId }): CrmConnector;
}

export class ConnectionNotFoundError extends Error {
  override name = 'ConnectionNotFoundError';
}

export function createConnectorFactory(models: Pick<Models, 'Connection'>, box: SecretBox): ConnectorFactory {
  const forStoredConnection = (connection: ConnectionDoc & { _id: Types.ObjectId }) => crmDefinition(connection.crm).connect(openCredentials(connection, box));
  return {
    async forConnection(connectionId) {
      const connection = await models.Connection.findById(connectionId).lean();
      if (!connection) throw new ConnectionNotFoundError(`connection ${connectionId} does not exist`);
      return forStoredConnection(connection);
    },
    forStoredConnection,
  };
}
