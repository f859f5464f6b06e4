import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { pollIngest, rawRequest, readCsv } from './bulk-helpers';
import { soapConnection } from './connect';

describe('Bulk API 2.0 query jobs', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    // Each state lasts one tick; it must outlast a poll's round trip on a loaded machine, or a poll
    // misses UploadComplete.
    emu = await startEmulator({ org: 'empty', bulkProcessingDelayMs: 250, bulkQueryPageSize: 10 });
    conn = await soapConnection(emu);
    emu.store.setClock('2024-05-01T10:20:30Z');
    const accountId = emu.store.insert('Account', { Name: 'Acme, "The" Company' }).Id;
    for (let i = 0; i < 25; i++) {
      emu.store.insert('Contact', {
        LastName: `Q${String(i).padStart(2, '0')}`,
        AccountId: i < 3 ? accountId : null,
        Title: i === 0 ? 'Line one\nLine "two", three' : null,
        Newsletter_Opt_In__c: i % 2 === 0,
        Behavior_Score__c: i,
        Last_Webinar_Date__c: i === 0 ? '2024-04-30' : null,
      });
    }
    emu.store.setClock(null);
  });
  afterAll(async () => {
    await emu.close();
  });

  const openQuery = async (query: string, operation: 'query' | 'queryAll' = 'query') => {
    const response = await rawRequest(emu, conn, '/jobs/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ operation, query }),
    });
    // A job on success, Salesforce's error array otherwise; tests match on either shape.
    return { status: response.status, body: (await response.json()) as { id: string } & Record<string, unknown> };
  };

  const waitForQuery = async (id: string) => {
    const job = conn.bulk2.job('query', { id });
    const states: string[] = [];
    for (let info = await job.check(); ; info = await job.check()) {
      if (states[states.length - 1] !== info.state) states.push(info.state);
      if (!['UploadComplete', 'InProgress'].includes(info.state)) return { states, info };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('returns one page of CSV through jsforce bulk2.query, with Salesforce value formats', async () => {
    const records = await (await conn.bulk2.query(
      "SELECT Id, LastName, Title, Account.Name, Newsletter_Opt_In__c, Behavior_Score__c, Last_Webinar_Date__c, CreatedDate FROM Contact WHERE LastName IN ('Q00', 'Q01', 'Q05') ORDER BY LastName",
      { pollInterval: 10 },
    )).toArray();
    expect(records).toEqual([
      expect.objectContaining({ LastName: 'Q00', Title: 'Line one\nLine "two", three', 'Account.Name': 'Acme, "The" Company', Newsletter_Opt_In__c: 'true', Behavior_Score__c: '0', Last_Webinar_Date__c: '2024-04-30', CreatedDate: '2024-05-01T10:20:30.000Z' }),
      expect.objectContaining({ LastName: 'Q01', Title: '', Newsletter_Opt_In__c: 'false', Behavior_Score__c: '1', Last_Webinar_Date__c: '' }),
      expect.objectContaining({ LastName: 'Q05', 'Account.Name': '' }),
    ]);
  });

  it('passes through UploadComplete and InProgress to JobComplete', async () => {
    const { status, body } = await openQuery('SELECT Id FROM Contact');
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: 'UploadComplete', operation: 'query', object: 'Contact', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    const { states, info } = await waitForQuery(body.id);
    expect(states).toEqual(['UploadComplete', 'InProgress', 'JobComplete']);
    expect(info).toMatchObject({ numberRecordsProcessed: 25, jobType: 'V2Query' });
  });

  it('pages results by locator: every page a CSV with a header, the last one marked null', async () => {
    const { body } = await openQuery('SELECT Id, LastName FROM Contact ORDER BY LastName');
    await waitForQuery(body.id);
    const pages: Array<{ locator: string | null; count: string | null; rows: string[][] }> = [];
    let locator = '';
    do {
      const response = await rawRequest(emu, conn, `/jobs/query/${body.id}/results?maxRecords=10${locator ? `&locator=${locator}` : ''}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const next = response.headers.get('sforce-locator');
      pages.push({ locator: next, count: response.headers.get('sforce-numberofrecords'), rows: readCsv(await response.text()) });
      locator = next ?? 'null';
    } while (locator !== 'null');
    expect(pages.map((p) => p.count)).toEqual(['10', '10', '5']);
    expect(pages[2].locator).toBe('null');
    expect(pages.every((p) => p.rows[0].join() === 'Id,LastName')).toBe(true);
    const names = pages.flatMap((p) => p.rows.slice(1).map((row) => row[1]));
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `Q${String(i).padStart(2, '0')}`));

    // Without maxRecords the org's default page size applies (10 in this emulator).
    const first = await rawRequest(emu, conn, `/jobs/query/${body.id}/results`);
    expect(first.headers.get('sforce-numberofrecords')).toBe('10');
    const bad = await rawRequest(emu, conn, `/jobs/query/${body.id}/results?locator=bm9wZQ`);
    expect(bad.status).toBe(400);
  });

  it('round-trips quotes, commas and line breaks written by an ingest job', async () => {
    const id = emu.store.insert('Contact', { LastName: 'RoundTrip' }).Id;
    const title = 'He said "yes, twice"\nthen left';
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'update' });
    await job.open();
    await job.uploadData([{ Id: id, Title: title, Newsletter_Opt_In__c: true }]);
    await job.close();
    await pollIngest(job);
    const records = await (await conn.bulk2.query(`SELECT Title, Newsletter_Opt_In__c FROM Contact WHERE Id = '${id}'`, { pollInterval: 10 })).toArray();
    expect(records).toEqual([{ Title: title, Newsletter_Opt_In__c: 'true' }]);
    emu.store.hardDelete('Contact', id);
  });

  it('includes recycle-bin rows for queryAll only', async () => {
    const gone = emu.store.insert('Contact', { LastName: 'Binned' }).Id;
    emu.store.delete('Contact', gone);
    const count = async (operation: 'query' | 'queryAll') => {
      const { body } = await openQuery("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Binned'", operation);
      return (await waitForQuery(body.id)).info.numberRecordsProcessed;
    };
    expect(await count('query')).toBe(0);
    expect(await count('queryAll')).toBe(1);
  });

  it('refuses bad SOQL and aggregates when the job is created, and results before the job is complete', async () => {
    expect(await openQuery('SELECT Nope FROM')).toMatchObject({ status: 400, body: [{ errorCode: 'MALFORMED_QUERY' }] });
    expect(await openQuery('SELECT COUNT() FROM Contact')).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOB' }] });
    expect(await openQuery('SELECT Id FROM Shoe__c')).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_TYPE' }] });
    const { body } = await openQuery('SELECT Id FROM Contact');
    const early = await rawRequest(emu, conn, `/jobs/query/${body.id}/results`);
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject([{ errorCode: 'INVALIDJOBSTATE' }]);
  });

  it('aborts and deletes query jobs, counting each call by endpoint', async () => {
    emu.stats.reset();
    const { body } = await openQuery('SELECT Id FROM Contact');
    const job = conn.bulk2.job('query', { id: body.id });
    await expect(job.abort()).resolves.toMatchObject({ state: 'Aborted' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(job.check()).resolves.toMatchObject({ state: 'Aborted', numberRecordsProcessed: 0 });
    await job.delete();
    await expect(job.check()).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect(emu.stats.byEndpoint).toEqual({ 'bulk2.query.create': 1, 'bulk2.query.state': 1, 'bulk2.query.info': 2, 'bulk2.query.delete': 1 });
  });
});
