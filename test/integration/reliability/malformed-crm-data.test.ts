import { runSync } from '../crm-admin-sync/sync-fixture';
import { startListFixture, type ListFixture } from '../lists/list-fixture';
import { SMALL_ORG } from './support/fuzz-fixture';

const MEGABYTE_TEXT = 'x'.repeat(1024 * 1024);

type SyncErrorJson = { recordId: string; field: string; crmField: string; rawValue: string; reason: string };

/**
 * Records a real CRM should never hold, written straight into the emulated org's store (no API
 * validation): the CRM Administration sync still finishes, stores every record it can, and lists
 * each value it could not use per record, field and reason.
 */
describe('malformed CRM data', () => {
  let f: ListFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    f = await startListFixture('malformed_crm', { org: SMALL_ORG, seed: 53 });
    const contact = (key: string, fields: Record<string, unknown>) => {
      ids[key] = f.emulator.store.insert('Contact', { LastName: key, Email: `${key}@example.com`, ...fields } as never).Id;
    };
    contact('good', { FirstName: 'Gail', Behavior_Score__c: 40, Last_Webinar_Date__c: '2024-05-01', Newsletter_Opt_In__c: true });
    contact('missingFields', { LastName: null, Email: null, FirstName: null });
    contact('hugeText', { Customer_Tier__c: MEGABYTE_TEXT, Title: MEGABYTE_TEXT });
    contact('numberForString', { Email: 12345, LastName: 42, Customer_Tier__c: 7 });
    contact('invalidDate', { Last_Webinar_Date__c: '2024-02-30' });
    contact('garbageDate', { Last_Webinar_Date__c: 'next Tuesday' });
    contact('wrongTypes', { Behavior_Score__c: 'lots', Newsletter_Opt_In__c: 'maybe', Interests__c: { nested: ['a'] }, Phone: ['555', '556'] });
    // A record whose Id is missing entirely: nothing can key it, so it must be skipped with a reason.
    const nullId = { ...f.emulator.store.insert('Contact', { LastName: 'nullId', Email: 'nullid@example.com' }) };
    f.emulator.store.hardDelete('Contact', nullId.Id);
    f.emulator.store.load('Contact', { ...nullId, Id: null } as never);
  });
  afterAll(() => f?.close());

  it('a full sync finishes, stores the good and the coercible records, and reports each bad value per record with a reason', async () => {
    const run = await runSync(f, { mode: 'full' });
    expect({ status: run.status, error: run.error ?? null }).toMatchObject({ status: 'succeeded' });

    const stored = await f.models.crmRecords.Contact.find({ connectionId: f.connectionId, crmId: { $in: Object.values(ids) } }, { crmId: 1 }).lean();
    expect(stored.map((r) => r.crmId).sort()).toEqual(Object.values(ids).sort());

    // The record without an Id is not stored under a made-up key but listed on the run.
    expect(await f.models.crmRecords.Contact.countDocuments({ connectionId: f.connectionId, 'fields.LastName': 'nullId' })).toBe(0);

    const good = await f.models.ContactView.findOne({ connectionId: f.connectionId, crmId: ids.good }).lean();
    expect(good).toMatchObject({ crmId: ids.good });

    const errors = (await f.ops.get(`/api/v1/runs/${run._id}/errors?perPage=200`).expect(200)).body.errors as SyncErrorJson[];
    const byRecord = (key: string) => errors.filter((e) => e.recordId === ids[key]).map((e) => e.crmField).sort();
    expect(byRecord('good')).toEqual([]);
    expect(byRecord('missingFields')).toEqual([]);
    expect(byRecord('hugeText')).toEqual(['Customer_Tier__c', 'Title']);
    expect(byRecord('invalidDate')).toEqual(['Last_Webinar_Date__c']);
    expect(byRecord('garbageDate')).toEqual(['Last_Webinar_Date__c']);
    expect(byRecord('wrongTypes')).toEqual(expect.arrayContaining(['Behavior_Score__c', 'Newsletter_Opt_In__c']));
    expect(errors.filter((e) => e.recordId === '(no Id)')).toEqual([expect.objectContaining({ crmField: 'Id', rawValue: expect.stringContaining('nullid@example.com'), reason: expect.stringContaining('without an Id') })]);
    for (const e of errors) expect(e.reason).toEqual(expect.any(String));
    process.stdout.write(`malformed CRM data: ${errors.length} value errors: ${JSON.stringify(errors.map((e) => `${e.recordId} ${e.crmField}: ${e.reason}`), null, 1)}\n`);
  });
});
