import { Connection } from 'jsforce';
import type { SalesforceConnector } from '../../../domain/crm/salesforce/salesforce-connector';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { SCORE_RULE, pushConnector, seedContacts } from './push-fixture';

describe('pushing record updates through Bulk API 2.0', () => {
  let emu: RunningEmulator;
  let connector: SalesforceConnector;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty', bulkProcessingDelayMs: 20 });
    connector = pushConnector(emu);
    await connector.testConnection();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => emu.stats.reset());
  afterEach(() => emu.faults.clear());

  it('updates 5,000 records in a handful of calls; a rejected or deleted record fails alone with the CRM\'s error', async () => {
    const ids = seedContacts(emu, 5_000);
    emu.faults.failRecordWrites([ids[10], ids[4_000]], SCORE_RULE);
    emu.store.delete('Contact', ids[20]);
    const callsBefore = connector.apiCallsUsed;

    const results = await connector.bulkUpdateRecords({ object: 'Contact', records: ids.map((id, i) => ({ id, fields: { Behavior_Score__c: i + 1 } })) });

    expect(results.map((r) => r.ref)).toEqual(ids);
    expect(results[10]).toEqual({ id: ids[10], ref: ids[10], success: false, errors: [{ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Score must be below 1000', fields: [] }] });
    expect(results[4_000].errors[0]?.message).toBe('Score must be below 1000');
    expect(results[20]).toMatchObject({ success: false, errors: [{ code: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] });
    expect(results.filter((r) => r.success)).toHaveLength(4_997);
    expect(emu.store.get('Contact', ids[4_999])?.Behavior_Score__c).toBe(5_000);
    expect(emu.store.get('Contact', ids[10])?.Behavior_Score__c).toBe(0);

    const { byEndpoint } = emu.stats;
    expect(byEndpoint).toMatchObject({
      'bulk2.ingest.create': 1,
      'bulk2.ingest.upload': 1,
      'bulk2.ingest.state': 1,
      'bulk2.ingest.successfulResults': 1,
      'bulk2.ingest.failedResults': 1,
      'bulk2.ingest.unprocessedRecords': 1,
    });
    expect(emu.stats.apiCalls).toBeLessThanOrEqual(15);
    expect(connector.apiCallsUsed - callsBefore).toBe(emu.stats.apiCalls);
    expect(emu.stats.deletes).toBe(0);
  });

  it('clears fields given as null, leaves unnamed fields alone and splits sf__Error into code, message and fields', async () => {
    const ids = seedContacts(emu, 3);
    emu.store.update('Contact', ids[0], { Title: 'Keep me', Department: 'Clear me' });
    const results = await connector.bulkUpdateRecords({
      object: 'Contact',
      records: [
        { id: ids[0], fields: { Department: null, Behavior_Score__c: 5 } },
        { id: ids[1], fields: { LastName: null } },
        { id: ids[2], fields: { Title: 'Says "hi", then\nleaves', Newsletter_Opt_In__c: true } },
      ],
    });
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1].errors).toEqual([{ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }]);
    expect(emu.store.get('Contact', ids[0])).toMatchObject({ Title: 'Keep me', Department: null, Behavior_Score__c: 5 });
    expect(emu.store.get('Contact', ids[2])).toMatchObject({ Title: 'Says "hi", then\nleaves', Newsletter_Opt_In__c: true });
  });

  it('rejects with the CRM\'s message when Salesforce fails the job before processing any record', async () => {
    const ids = seedContacts(emu, 2);
    await expect(connector.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Shoe_Size__c: 9 } })) })).rejects.toMatchObject({
      crmCode: 'BULK_JOB_FAILED',
      message: 'InvalidBatch : Field name not found : Shoe_Size__c',
    });
  });

  it('retries a job creation answered with a transient server error', async () => {
    const ids = seedContacts(emu, 2);
    emu.faults.failNext('SERVER_ERROR', 1);
    const results = await connector.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'After retry' } })) });
    expect(results.every((r) => r.success)).toBe(true);
    expect(emu.stats.byEndpoint['bulk2.ingest.create']).toBe(2);
  });

  it('finishes despite random 5xx answers on any of its calls', async () => {
    const ids = seedContacts(emu, 300);
    emu.faults.set({ rate: 0.2, kinds: ['SERVER_ERROR'], seed: 7 });
    const results = await connector.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'Flaky' } })) });
    emu.faults.clear();
    expect(results.every((r) => r.success)).toBe(true);
    expect(ids.every((id) => emu.store.get('Contact', id)?.Title === 'Flaky' && emu.stats.writesOf(id) === 1)).toBe(true);
  });

  it('sends rows the job failed with UNABLE_TO_LOCK_ROW again through sObject Collections, and they succeed', async () => {
    const ids = seedContacts(emu, 30, 'Locked');
    emu.faults.failNext('UNABLE_TO_LOCK_ROW', 3);
    const results = await connector.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'Unlocked at last' } })) });
    expect(results.filter((r) => !r.success)).toEqual([]);
    expect(ids.filter((id) => emu.store.get('Contact', id)?.Title === 'Unlocked at last')).toHaveLength(30);
    // The 3 locked rows went once more, in one sObject Collections call; no record was written twice.
    expect(emu.stats.byEndpoint['composite.sobjects.update']).toBe(1);
    expect(ids.filter((id) => emu.stats.writesOf(id) !== 1)).toEqual([]);
  });

  it('aborts a job that outlives the wait limit and reports its unprocessed records as failed', async () => {
    const slow = await startEmulator({ org: 'empty', bulkChunkSize: 2, bulkProcessingDelayMs: 100 });
    try {
      const impatient = pushConnector(slow, { maxWaitMs: 350 });
      const ids = seedContacts(slow, 20);
      const results = await impatient.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'Maybe' } })) });
      const done = results.filter((r) => r.success);
      const unprocessed = results.filter((r) => !r.success);
      expect(done.length).toBeGreaterThan(0);
      expect(unprocessed.length).toBeGreaterThan(0);
      expect(unprocessed[0].errors[0]).toMatchObject({ code: 'BULK_RECORD_UNPROCESSED', message: expect.stringContaining('aborted after the wait limit') });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ids.filter((id) => slow.store.get('Contact', id)?.Title === 'Maybe')).toHaveLength(done.length);
    } finally {
      await slow.close();
    }
  });
  describe('settling a job a crashed attempt left behind', () => {
    let slow: RunningEmulator;
    beforeAll(async () => {
      // 2 rows every 100 ms: a 20-record job is processed over about a second.
      slow = await startEmulator({ org: 'empty', bulkChunkSize: 2, bulkProcessingDelayMs: 100 });
    });
    afterAll(() => slow.close());

    it('waits for a job still being processed, so nothing of it lands after settle returns', async () => {
      const ids = seedContacts(slow, 20);
      const crashed = pushConnector(slow);
      let jobId = '';
      const abandoned = crashed.bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'From the dead attempt' } })), onJobCreated: async (id) => void (jobId = id) });
      // The upload is closed and the job runs: what a worker killed at this moment leaves behind.
      while ((slow.stats.byEndpoint['bulk2.ingest.state'] ?? 0) < 1) await new Promise((r) => setTimeout(r, 10));
      const landedBefore = ids.filter((id) => slow.store.get('Contact', id)?.Title === 'From the dead attempt').length;
      expect(landedBefore).toBeLessThan(20);

      await expect(pushConnector(slow).settleBulkUpdateJob(jobId)).resolves.toEqual({ state: 'JobComplete' });
      expect(ids.filter((id) => slow.store.get('Contact', id)?.Title === 'From the dead attempt')).toHaveLength(20);
      await abandoned;
    });

    it('aborts a job whose upload was never closed, so its records are never written', async () => {
      const ids = seedContacts(slow, 5, 'Open');
      const conn = new Connection({ loginUrl: slow.url, version: '59.0' });
      await conn.login(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password + DEMO_CREDENTIALS.securityToken);
      const job = await conn.bulk2.createJob({ object: 'Contact', operation: 'update', lineEnding: 'LF', columnDelimiter: 'COMMA' }).open();
      await conn.request({ method: 'PUT', url: `/services/data/v59.0/jobs/ingest/${job.id}/batches`, body: `Id,Title\n${ids.map((id) => `${id},Never`).join('\n')}\n`, headers: { 'Content-Type': 'text/csv' } });

      await expect(pushConnector(slow).settleBulkUpdateJob(String(job.id))).resolves.toEqual({ state: 'Aborted' });
      await new Promise((r) => setTimeout(r, 300));
      expect(ids.map((id) => slow.store.get('Contact', id)?.Title ?? null)).toEqual(ids.map(() => null));
    });

    it('leaves a finished job as it is and reports a job the CRM does not know as Gone', async () => {
      const ids = seedContacts(slow, 4, 'Done');
      let jobId = '';
      await pushConnector(slow).bulkUpdateRecords({ object: 'Contact', records: ids.map((id) => ({ id, fields: { Title: 'Done' } })), onJobCreated: async (id) => void (jobId = id) });
      slow.stats.reset();
      await expect(pushConnector(slow).settleBulkUpdateJob(jobId)).resolves.toEqual({ state: 'JobComplete' });
      expect(slow.stats.byEndpoint['bulk2.ingest.state'] ?? 0).toBe(0);
      await expect(pushConnector(slow).settleBulkUpdateJob('750000000000999AAA')).resolves.toEqual({ state: 'Gone' });
    });
  });
});
