import { ApplicationFailure, Context } from '@temporalio/activity';
import { CrmError } from '../domain/crm/connector';
import type { ConnectorFactory } from '../domain/crm/connector-factory';
import type { Models } from '../domain/models';
import type { ContactPullInput, ContactPullSummary, PullCounts } from '../workflows/contract';
import { storeCrmRecords } from './store-crm-records';

const CONTACT_FIELDS = ['FirstName', 'LastName', 'Email', 'Title', 'AccountId', 'OwnerId'];

/** Heartbeat details: where a retried attempt resumes instead of starting over. */
interface PullCheckpoint {
  cursor?: string;
  done: boolean;
  counts: PullCounts;
  apiCalls: number;
}

/** Rejected credentials will not get better by retrying: fail the run at once with the CRM's message. */
const AUTHENTICATION_CODES = new Set(['INVALID_LOGIN', 'invalid_grant', 'invalid_client', 'INVALID_CLIENT_ID', 'LOGIN_MUST_USE_SECURITY_TOKEN']);

function failUnlessTransient(err: unknown): unknown {
  if (err instanceof CrmError && AUTHENTICATION_CODES.has(err.crmCode)) {
    return ApplicationFailure.create({ type: 'CrmAuthenticationError', message: `${err.crmCode}: ${err.message}`, nonRetryable: true });
  }
  return err;
}

export function createContactPullActivities(deps: { models: Pick<Models, 'CrmRecord' | 'Run'>; connectors: ConnectorFactory }) {
  return {
    /** Pages through the CRM's Contacts, storing each page and checkpointing the cursor only after it is stored. */
    async pullContacts({ connectionId, runId }: ContactPullInput): Promise<ContactPullSummary> {
      const context = Context.current();
      const resumed = context.info.heartbeatDetails as PullCheckpoint | undefined;
      const counts: PullCounts = resumed?.counts ?? { fetched: 0, inserted: 0, updated: 0, unchanged: 0 };
      if (resumed?.done) return { counts, apiCalls: resumed.apiCalls };
      let cursor = resumed?.cursor;
      const connector = await deps.connectors.forConnection(connectionId);
      try {
        await connector.testConnection();
      } catch (err) {
        throw failUnlessTransient(err);
      }
      const priorCalls = resumed?.apiCalls ?? 0;
      do {
        const page = await connector.fetchPage({ object: 'Contact', fields: CONTACT_FIELDS }, cursor);
        const written = await storeCrmRecords(deps.models, connectionId, 'Contact', page.records);
        counts.fetched += page.records.length;
        counts.inserted += written.inserted;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
        cursor = page.nextCursor;
        const apiCalls = priorCalls + connector.apiCallsUsed;
        await deps.models.Run.updateOne({ _id: runId }, { $set: { 'counts.Contact': counts, apiCalls } });
        context.heartbeat({ cursor, done: !cursor, counts, apiCalls } satisfies PullCheckpoint);
      } while (cursor);
      return { counts, apiCalls: priorCalls + connector.apiCallsUsed };
    },
  };
}
