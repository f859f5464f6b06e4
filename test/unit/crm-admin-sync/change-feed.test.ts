import { CHANGE_TOKEN_EXPIRED, CrmError, type ChangeFeedPage, type ChangeFeedRequest, type CrmConnector } from '../../../domain/crm/connector';
import { DYNAMICS_MODEL } from '../../../domain/crm/dynamics/dynamics-model';
import { SALESFORCE_MODEL } from '../../../domain/crm/salesforce/salesforce-model';
import { feedPageReader, isChangeTokenRefused, readsChangeFeed } from '../../../activities/crm-admin-sync/change-feed';
import type { FetchedPage } from '../../../activities/crm-admin-sync/read-path';

/** A change feed of two pages per read: the calls it was asked for, and a token refused on request. */
function fakeFeed(options: { refuse?: string } = {}) {
  const calls: ChangeFeedRequest[] = [];
  const record = (id: string, stamp: string) => ({ id, fields: { name: id }, systemModstamp: stamp });
  const connector = {
    async readChanges(request: ChangeFeedRequest): Promise<ChangeFeedPage> {
      calls.push(request);
      if (request.token && request.token === options.refuse) throw new CrmError('token expired', CHANGE_TOKEN_EXPIRED);
      if (!request.page) return { records: [record('b', '2024-05-02T00:00:00.000Z'), record('a', '2024-05-03T00:00:00.000Z')], removedIds: request.token ? ['gone'] : [], nextPage: 'p2' };
      return { records: [record('c', '2024-05-01T00:00:00.000Z')], removedIds: [], token: 'token-2' };
    },
  } as unknown as CrmConnector;
  return { connector, calls };
}

async function readAll(read: (position: FetchedPage['next']) => Promise<FetchedPage>): Promise<FetchedPage[]> {
  const pages = [await read({})];
  while (!pages.at(-1)!.done) pages.push(await read(pages.at(-1)!.next));
  return pages;
}

describe('reading an object through the CRM change feed', () => {
  const request = (connector: CrmConnector) => ({ connector, object: 'contact', fields: ['name'], pageSize: 2 });

  it('is what the model says: Dynamics tables that track changes, never Salesforce objects', () => {
    const { connector } = fakeFeed();
    expect(readsChangeFeed(DYNAMICS_MODEL, connector, 'contact')).toBe(true);
    expect(readsChangeFeed(DYNAMICS_MODEL, connector, 'listmember')).toBe(false);
    expect(readsChangeFeed(SALESFORCE_MODEL, connector, 'Contact')).toBe(false);
    expect(readsChangeFeed(DYNAMICS_MODEL, {} as CrmConnector, 'contact')).toBe(false);
  });

  it('reads from the stored token page by page, passing removals on and ending with the next token', async () => {
    const { connector, calls } = fakeFeed();
    const pages = await readAll(feedPageReader(request(connector), 'token-1'));
    expect(calls.map((c) => [c.token, c.page])).toEqual([
      ['token-1', undefined],
      ['token-1', 'p2'],
    ]);
    expect(pages[0]).toMatchObject({ done: false, removedIds: ['gone'], next: { after: { stamp: '2024-05-03T00:00:00.000Z', id: 'a' }, feed: { full: false, page: 'p2' } } });
    // The watermark is the furthest record seen, whatever order the feed returns records in.
    expect(pages[1]).toMatchObject({ done: true, next: { after: { stamp: '2024-05-03T00:00:00.000Z', id: 'a' }, feed: { full: false, token: 'token-2' } } });
  });

  it('reads everything without a token when the pull is full or no token is stored', async () => {
    const { connector, calls } = fakeFeed();
    await readAll(feedPageReader(request(connector), undefined));
    expect(calls.every((c) => c.token === undefined)).toBe(true);
    const full = fakeFeed();
    const pages = await readAll((position) => feedPageReader(request(full.connector), 'token-1')({ ...position, feed: position.feed ?? { full: true } }));
    expect(full.calls.every((c) => c.token === undefined)).toBe(true);
    expect(pages.at(-1)!.next.feed).toEqual({ full: true, token: 'token-2' });
  });

  it('tells a refused token apart from other failures', async () => {
    const { connector } = fakeFeed({ refuse: 'old' });
    await expect(feedPageReader(request(connector), 'old')({})).rejects.toMatchObject({ crmCode: CHANGE_TOKEN_EXPIRED });
    expect(isChangeTokenRefused(new CrmError('token expired', CHANGE_TOKEN_EXPIRED))).toBe(true);
    expect(isChangeTokenRefused(new CrmError('busy', 'SERVER_UNAVAILABLE'))).toBe(false);
  });
});
