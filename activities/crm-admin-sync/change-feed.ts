/**
 * Pulls of objects the CRM model reads by `delta`: the CRM's change feed (Dataverse change
 * tracking) instead of (stamp, id) keyset pages. A full pull reads the feed without a token (every
 * record), an incremental one from the token the last pull ended with (changed records and removed
 * ids). Feed pages are checkpointed like keyset cursors; the token is stored on the object's sync
 * state once the pull has finished. Salesforce objects are read by keyset and never come here.
 */
import { CHANGE_TOKEN_EXPIRED, CrmError, type ChangeCursor, type CrmConnector, type CrmRecord } from '../../domain/crm/connector';
import { objectModel, type CrmModel } from '../../domain/crm/crm-model';
import { laterCursor, type FetchedPage, type PullPosition } from './read-path';

/** What the run says when the CRM refused the stored token and the object was read in full instead. */
export const CHANGE_TOKEN_REFUSED = 'the CRM refused the change token; read in full';

/** Where a feed read stands: the page to read next, whether it reads everything, and (once done) the next token. */
export interface FeedPosition {
  /** True for a read without a token: a full pull, or an incremental one whose token was refused. */
  full: boolean;
  page?: string;
  token?: string;
}

/** Whether an object's pulls read the CRM's change feed: the model says so and the connector has one. */
export function readsChangeFeed(model: CrmModel, connector: CrmConnector, object: string): boolean {
  return objectModel(model, object)?.changes === 'delta' && typeof connector.readChanges === 'function';
}

export function isChangeTokenRefused(err: unknown): boolean {
  return err instanceof CrmError && err.crmCode === CHANGE_TOKEN_EXPIRED;
}

function furthest(after: ChangeCursor | undefined, records: CrmRecord[]): ChangeCursor | undefined {
  let result = after;
  for (const record of records) if (record.id && record.systemModstamp) result = laterCursor(result, { stamp: record.systemModstamp, id: record.id });
  return result;
}

/**
 * Reads one feed page from a position: `startToken` is the token of the previous pull (ignored by a
 * full read). The page carries the ids the CRM removed; its `next.after` is the furthest record seen
 * so far (the next watermark, shown on pages), and on the last page `next.feed.token` the token to store.
 */
export function feedPageReader(request: { connector: CrmConnector; object: string; fields: string[]; pageSize: number }, startToken: string | undefined) {
  const { connector, object, fields, pageSize } = request;
  return async (position: PullPosition): Promise<FetchedPage> => {
    const feed = position.feed ?? { full: startToken === undefined };
    if (!connector.readChanges) throw new Error(`the connector of ${object} has no change feed`);
    const page = await connector.readChanges({ object, fields, pageSize, ...(feed.full ? {} : { token: startToken }), ...(feed.page ? { page: feed.page } : {}) });
    const done = page.nextPage === undefined;
    return {
      records: page.records,
      removedIds: page.removedIds,
      done,
      next: { after: furthest(position.after, page.records), feed: { full: feed.full, ...(done ? { token: page.token } : { page: page.nextPage }) } },
    };
  };
}
