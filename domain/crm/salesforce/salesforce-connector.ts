import { Connection, type Record as SfRecord } from 'jsforce';
import { CrmError, type CrmConnector, type CrmFieldValue, type CrmPage, type CrmRecord, type PullRequest } from '../connector';
import type { CrmCredentials } from '../credentials';
import { buildSelectAll } from './soql';

/** Flattens `Account: { Name }` into `Account.Name`, the connector-neutral shape. */
function flattenRecord(record: SfRecord, prefix = ''): Record<string, CrmFieldValue> {
  const out: Record<string, CrmFieldValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (value !== null && typeof value === 'object') Object.assign(out, flattenRecord(value as SfRecord, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value as CrmFieldValue;
  }
  return out;
}

function toCrmRecord(record: SfRecord): CrmRecord {
  const fields = flattenRecord(record);
  return { id: String(fields.Id), fields, systemModstamp: typeof fields.SystemModstamp === 'string' ? fields.SystemModstamp : undefined };
}

/** jsforce reports REST errors with `errorCode`, OAuth errors by `name`, and SOAP login faults only as
 * "INVALID_LOGIN: …" in the message; all three become a CrmError with the CRM's own code. */
function asCrmError(err: unknown): Error {
  if (err instanceof CrmError) return err;
  const e = err as { errorCode?: string; name?: string; message?: string };
  const message = e.message ?? String(err);
  const soapCode = /^([A-Z][A-Z_]+): /.exec(message)?.[1];
  const namedCode = e.name && e.name !== 'Error' ? e.name : undefined;
  return new CrmError(message, e.errorCode ?? soapCode ?? namedCode ?? 'UNKNOWN');
}

export class SalesforceConnector implements CrmConnector {
  private connection?: Connection;
  private calls = 0;

  constructor(private readonly credentials: CrmCredentials) {}

  get apiCallsUsed(): number {
    return this.calls;
  }

  private async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    const c = this.credentials;
    try {
      if (c.kind === 'password') {
        const conn = new Connection({ loginUrl: c.loginUrl, version: c.apiVersion });
        await conn.login(c.username, c.password + (c.securityToken ?? ''));
        this.connection = conn;
      } else {
        const conn = new Connection({
          oauth2: { loginUrl: c.loginUrl, clientId: c.clientId, clientSecret: c.clientSecret },
          version: c.apiVersion,
        });
        await conn.authorize({ grant_type: 'client_credentials' });
        this.connection = conn;
      }
    } catch (err) {
      throw asCrmError(err);
    }
    return this.connection;
  }

  async testConnection(): Promise<{ organizationId?: string; userName?: string }> {
    const conn = await this.connect();
    return { organizationId: conn.userInfo?.organizationId };
  }

  async fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage> {
    const conn = await this.connect();
    this.calls += 1;
    try {
      const result = cursor
        ? await conn.queryMore<SfRecord>(cursor)
        : await conn.query<SfRecord>(buildSelectAll(request.object, request.fields), { autoFetch: false });
      return {
        records: result.records.map(toCrmRecord),
        nextCursor: result.done ? undefined : result.nextRecordsUrl,
        totalSize: result.totalSize,
      };
    } catch (err) {
      throw asCrmError(err);
    }
  }
}
