/**
 * The one CRM connector interface. Salesforce is its first implementation; Dynamics 365, SugarCRM,
 * NetSuite and Infor CRM must fit it later, so nothing here names SOQL or a jsforce type.
 */
export type CrmFieldValue = string | number | boolean | null;

export interface CrmRecord {
  id: string;
  /** Field values keyed by the CRM's field API name; parent fields flattened as `Account.Name`. */
  fields: Record<string, CrmFieldValue>;
  systemModstamp?: string;
}

export interface CrmPage {
  records: CrmRecord[];
  /** Opaque cursor for the next page; absent on the last page. Safe to checkpoint in a heartbeat. */
  nextCursor?: string;
  totalSize: number;
}

export interface PullRequest {
  object: string;
  fields: string[];
}

export interface CrmConnector {
  /** Logs in and reads the CRM's identity; resolves or rejects with the CRM's own message. */
  testConnection(): Promise<{ organizationId?: string; userName?: string }>;
  /** First page of every record of an object, or the page after `cursor` of an earlier pull. */
  fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage>;
  /** API calls this connector has made since it was created (logins excluded). */
  readonly apiCallsUsed: number;
}

/** A CRM error carrying the CRM's own code and message, shown to ops as is. */
export class CrmError extends Error {
  override name = 'CrmError';
  constructor(
    message: string,
    readonly crmCode: string,
  ) {
    super(message);
  }
}
