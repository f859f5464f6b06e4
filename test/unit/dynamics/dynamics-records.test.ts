import { assertGuid, dateLiteral, toCrmRecord } from '../../../domain/crm/dynamics/dynamics-records';

const TABLE = { logicalName: 'contact', entitySetName: 'contacts', primaryId: 'contactid', displayName: 'Contact', changeTracking: true };

describe('Dataverse rows as CrmRecords', () => {
  it('keeps values as Dataverse sends them, dates as ISO text, and leaves annotations out', () => {
    const record = toCrmRecord(TABLE, {
      '@odata.etag': 'W/"12"',
      contactid: 'AB5C9D0E-4F61-4E8E-9F3A-2B5C9D0E4F61',
      modifiedon: new Date('2026-03-01T10:00:00Z'),
      new_customertier: 100000001,
      new_interests: '100000000,100000002',
      new_newsletteroptin: true,
      _parentcustomerid_value: '3f2e4d5c-6b7a-4890-8a1b-2c3d4e5f6a7b',
      '_parentcustomerid_value@OData.Community.Display.V1.FormattedValue': 'Contoso',
      oDataContext: 'ignored',
    });
    expect(record).toEqual({
      id: 'ab5c9d0e-4f61-4e8e-9f3a-2b5c9d0e4f61',
      systemModstamp: '2026-03-01T10:00:00.000Z',
      fields: {
        contactid: 'AB5C9D0E-4F61-4E8E-9F3A-2B5C9D0E4F61',
        modifiedon: '2026-03-01T10:00:00.000Z',
        new_customertier: 100000001,
        new_interests: '100000000,100000002',
        new_newsletteroptin: true,
        _parentcustomerid_value: '3f2e4d5c-6b7a-4890-8a1b-2c3d4e5f6a7b',
      },
    });
  });

  it('writes only GUIDs and instants into filter text', () => {
    expect(() => assertGuid("x' or 1 eq 1")).toThrow(/not a Dataverse id/);
    expect(dateLiteral('2026-03-01T10:00:00.123Z')).toBe('2026-03-01T10:00:00Z');
    expect(() => dateLiteral('yesterday')).toThrow(/not a date/);
  });
});
