import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { pollIngest, rawRequest, readCsv } from './bulk-helpers';
import { soapConnection } from './connect';

describe('Bulk API 2.0 ingest jobs through jsforce bulk2', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    // Small chunks and a visible tick, so polling really passes through UploadComplete and InProgress.
    // The tick must outlast a poll's round trip on a loaded machine, or the first poll can come
    // after UploadComplete has already ended.
    emu = await startEmulator({ org: 'empty', bulkChunkSize: 2, bulkProcessingDelayMs: 250 });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.clear());

  const newContacts = (n: number, fields: Record<string, string | number | boolean | null> = {}) =>
    Array.from({ length: n }, (_, i) => emu.store.insert('Contact', { LastName: `Bulk ${i}`, ...fields }).Id);

  const runUpdate = async (csv: string, options: { lineEnding?: 'LF' | 'CRLF' } = {}) => {
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'update', ...options });
    const opened = await job.open();
    await job.uploadData(csv);
    await job.close();
    const { states, info } = await pollIngest(job);
    return { job, opened, states, info };
  };

  it('moves an update job from Open through UploadComplete and InProgress to JobComplete, writing each row', async () => {
    const ids = newContacts(5, { Title: 'Old title', Behavior_Score__c: 1 });
    emu.stats.reset();
    const rows = ids.map((id, i) => `${id},"VP, ""Growth""\nEMEA ${i}",${10 * i},#N/A,true,2024-02-29,2024-03-01T10:20:30.000+0100`);
    const { opened, states, info } = await runUpdate(`Id,Title,Behavior_Score__c,Customer_Tier__c,Newsletter_Opt_In__c,Last_Webinar_Date__c,LastModifiedDate\n${rows.join('\n')}\n`);

    expect(opened).toMatchObject({ state: 'Open', object: 'Contact', operation: 'update', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    expect(states).toEqual(['UploadComplete', 'InProgress', 'JobComplete']);
    // LastModifiedDate is read-only: every row fails alone, nothing is written.
    expect(info).toMatchObject({ numberRecordsProcessed: 5, numberRecordsFailed: 5, jobType: 'V2Ingest' });
    expect(emu.store.get('Contact', ids[0])?.Title).toBe('Old title');
    expect(emu.stats.writesByRecordId.size).toBe(0);

    const second = await runUpdate(`Id,Title,Behavior_Score__c,Customer_Tier__c,Newsletter_Opt_In__c,Last_Webinar_Date__c\n${rows.map((r) => r.replace(/,[^,]*$/, '')).join('\n')}\n`);
    expect(second.info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 5, numberRecordsFailed: 0 });
    expect(emu.store.get('Contact', ids[3])).toMatchObject({
      Title: 'VP, "Growth"\nEMEA 3',
      Behavior_Score__c: 30,
      Newsletter_Opt_In__c: true,
      Last_Webinar_Date__c: '2024-02-29',
    });
    expect(emu.store.get('Contact', ids[3])?.Customer_Tier__c ?? null).toBeNull();
    expect(ids.every((id) => emu.stats.writesOf(id) === 1)).toBe(true);
    expect(emu.stats.byEndpoint).toMatchObject({ 'bulk2.ingest.create': 2, 'bulk2.ingest.upload': 2, 'bulk2.ingest.state': 2 });
  });

  it('leaves a field unchanged for an empty cell and clears it for #N/A', async () => {
    const [keep, clear] = newContacts(2, { Title: 'Director', Behavior_Score__c: 5 });
    await runUpdate(`Id,Title,Behavior_Score__c\n${keep},,6\n${clear},#N/A,7\n`);
    expect(emu.store.get('Contact', keep)).toMatchObject({ Title: 'Director', Behavior_Score__c: 6 });
    expect(emu.store.get('Contact', clear)).toMatchObject({ Title: null, Behavior_Score__c: 7 });
  });

  it('reports failed rows with sf__Id and Salesforce\'s CODE:message:fields error, and the others succeed', async () => {
    const [ok, deleted, faulted, mistyped, required] = newContacts(5);
    emu.store.delete('Contact', deleted);
    emu.faults.failRecordWrites([faulted], { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] });
    const { job, info } = await runUpdate(
      `Id,Behavior_Score__c,LastName\n${ok},1,\n${deleted},2,\n${faulted},3000,\n${mistyped},lots,\n${required},4,#N/A\n`,
    );
    expect(info).toMatchObject({ numberRecordsProcessed: 5, numberRecordsFailed: 4 });

    const failed = await job.getFailedResults();
    const errorOf = (id: string) => failed.find((r) => r.sf__Id === id)?.sf__Error;
    expect(errorOf(deleted)).toBe('ENTITY_IS_DELETED:entity is deleted:--');
    expect(errorOf(faulted)).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION:Score must be below 1000:--');
    expect(errorOf(mistyped)).toBe('INVALID_TYPE_ON_FIELD_IN_RECORD:Behavior Score: value not of required type: lots:Behavior_Score__c --');
    expect(errorOf(required)).toBe('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --');
    expect(await job.getSuccessfulResults()).toEqual([{ sf__Id: ok, sf__Created: 'false', Id: ok, Behavior_Score__c: '1', LastName: '' }]);
    expect(emu.store.get('Contact', faulted)?.Behavior_Score__c ?? null).toBeNull();

    const raw = await rawRequest(emu, conn, `/jobs/ingest/${job.id}/failedResults`);
    expect(raw.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(readCsv(await raw.text())[0]).toEqual(['sf__Id', 'sf__Error', 'Id', 'Behavior_Score__c', 'LastName']);
  });

  it('fails single rows with UNABLE_TO_LOCK_ROW when lock faults are injected', async () => {
    const ids = newContacts(3);
    emu.faults.failNext('UNABLE_TO_LOCK_ROW', 1);
    const { job, info } = await runUpdate(`Id,Title\n${ids.map((id) => `${id},Locked?`).join('\n')}\n`);
    expect(info.numberRecordsFailed).toBe(1);
    expect((await job.getFailedResults())[0].sf__Error).toMatch(/^UNABLE_TO_LOCK_ROW:unable to obtain exclusive access/);
  });

  it('inserts rows from CRLF data and returns the new ids with sf__Created', async () => {
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'insert', lineEnding: 'CRLF' });
    await job.open();
    await job.uploadData('LastName,Company,Email\r\n"O\'Hara, Jr.",Acme,oh@example.com\r\nNoCompany,,x@example.com\r\n');
    await job.close();
    const { info } = await pollIngest(job);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 });
    const [saved] = await job.getSuccessfulResults();
    expect(saved).toMatchObject({ sf__Created: 'true', sf__Id: expect.stringMatching(/^00Q\w{15}$/), LastName: "O'Hara, Jr." });
    expect(emu.store.get('Lead', saved.sf__Id)).toMatchObject({ LastName: "O'Hara, Jr.", Company: 'Acme' });
    const [refused] = await job.getFailedResults();
    expect(refused).toMatchObject({ sf__Id: '', sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [Company]:Company --' });
  });

  it('fails the whole job for a line-ending mismatch or an unknown column, with Salesforce\'s message', async () => {
    const [id] = newContacts(1);
    const crlfInLf = await runUpdate(`Id,Title\r\n${id},X\r\n`);
    expect(crlfInLf.info).toMatchObject({ state: 'Failed', errorMessage: 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF' });
    const unknown = await runUpdate(`Id,Shoe_Size__c\n${id},9\n`);
    expect(unknown.info).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0, errorMessage: 'InvalidBatch : Field name not found : Shoe_Size__c' });
    expect(await unknown.job.getUnprocessedRecords()).toEqual([{ Id: id, Shoe_Size__c: '9' }]);
  });

  it('aborts a job in progress: processed rows stay written, the rest are unprocessed records', async () => {
    const slow = await startEmulator({ org: 'empty', bulkChunkSize: 2, bulkProcessingDelayMs: 150 });
    try {
      const c = await soapConnection(slow);
      const ids = Array.from({ length: 10 }, (_, i) => slow.store.insert('Contact', { LastName: `A${i}` }).Id);
      const job = c.bulk2.createJob({ object: 'Contact', operation: 'update' });
      await job.open();
      await job.uploadData(`Id,Title\n${ids.map((id) => `${id},Aborted?`).join('\n')}\n`);
      await job.close();
      let info = await job.check();
      while (info.numberRecordsProcessed < 2) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        info = await job.check();
      }
      await job.abort();
      await new Promise((resolve) => setTimeout(resolve, 400));
      info = await job.check();
      expect(info.state).toBe('Aborted');
      const processed = info.numberRecordsProcessed;
      expect(processed).toBeGreaterThanOrEqual(2);
      expect(processed).toBeLessThan(10);
      expect(await job.getUnprocessedRecords()).toHaveLength(10 - processed);
      expect(ids.filter((id) => slow.store.get('Contact', id)?.Title === 'Aborted?')).toHaveLength(processed);
      await expect(job.abort()).rejects.toMatchObject({ errorCode: 'INVALIDJOBSTATE' });
    } finally {
      await slow.close();
    }
  });

  it('accepts one upload per job, lists jobs, deletes finished ones and refuses delete operations', async () => {
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'update' });
    await job.open();
    await job.uploadData(`Id,Title\n${newContacts(1)[0]},Once\n`);
    const again = await rawRequest(emu, conn, `/jobs/ingest/${job.id}/batches`, { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: 'Id,Title\n' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject([{ errorCode: 'BULK_API_ERROR', message: expect.stringContaining('Found multiple contents for job') }]);
    await expect(job.delete()).rejects.toMatchObject({ errorCode: 'INVALIDJOBSTATE' });
    await job.abort();

    const list = await rawRequest(emu, conn, '/jobs/ingest');
    expect(((await list.json()) as { records: unknown[] }).records).toEqual(expect.arrayContaining([expect.objectContaining({ id: job.id, state: 'Aborted', jobType: 'V2Ingest' })]));
    await job.delete();
    await expect(job.check()).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });

    for (const operation of ['delete', 'hardDelete'] as const) {
      await expect(conn.bulk2.createJob({ object: 'Contact', operation }).open()).rejects.toMatchObject({ errorCode: 'INVALIDJOB', message: expect.stringContaining('insert and update') });
    }
    await expect(conn.bulk2.createJob({ object: 'Shoe__c', operation: 'insert' }).open()).rejects.toMatchObject({ errorCode: 'INVALIDENTITY' });
  });

  it('counts every Bulk API call under its own endpoint name and never as a delete', async () => {
    emu.stats.reset();
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'update' });
    await job.open();
    await job.uploadData(`Id,Title\n${newContacts(1)[0]},Counted\n`);
    await job.close();
    await pollIngest(job);
    await job.getAllResults();
    const { byEndpoint } = emu.stats;
    expect(byEndpoint).toMatchObject({
      'bulk2.ingest.create': 1,
      'bulk2.ingest.upload': 1,
      'bulk2.ingest.state': 1,
      'bulk2.ingest.successfulResults': 1,
      'bulk2.ingest.failedResults': 1,
      'bulk2.ingest.unprocessedRecords': 1,
    });
    expect(byEndpoint['bulk2.ingest.info']).toBeGreaterThanOrEqual(2);
    expect(emu.stats.apiCalls).toBe(Object.values(byEndpoint).reduce((a, b) => a + b, 0));
    expect(emu.stats.deletes).toBe(0);
  });
});
