import { chooseReadPath, laterCursor } from '../../../activities/crm-admin-sync/read-path';
import { parseCsvRows } from '../../../domain/crm/salesforce/salesforce-bulk-query-csv';
import { rowsToRecords, typedValue } from '../../../domain/crm/salesforce/salesforce-bulk-query';

describe('choosing how a pull reads an object', () => {
  const base = { mode: 'full' as const, threshold: 50_000, bulkAvailable: true };

  it('a full pull of an object above the threshold goes through bulk', () => {
    expect(chooseReadPath({ ...base, recordCount: 50_001 })).toBe('bulk');
  });

  it('at or below the threshold, for incremental pulls, and without a bulk path it stays on REST', () => {
    expect(chooseReadPath({ ...base, recordCount: 50_000 })).toBe('rest');
    expect(chooseReadPath({ ...base, mode: 'incremental', recordCount: 1_000_000 })).toBe('rest');
    expect(chooseReadPath({ ...base, bulkAvailable: false, recordCount: 1_000_000 })).toBe('rest');
  });

  it('the watermark after a bulk read is the latest (stamp, id), whatever order the rows came in', () => {
    const a = { stamp: '2024-01-01T00:00:00.000Z', id: '003A' };
    const b = { stamp: '2024-01-01T00:00:00.000Z', id: '003B' };
    const c = { stamp: '2023-12-31T23:59:59.000Z', id: '003Z' };
    expect(laterCursor(a, b)).toBe(b);
    expect(laterCursor(b, c)).toBe(b);
    expect(laterCursor(undefined, c)).toBe(c);
  });
});

describe('reading Bulk API 2.0 query results', () => {
  it('parses quoted cells with doubled quotes, commas and line breaks inside, and CRLF rows', () => {
    expect(parseCsvRows('"Id","Name"\r\n"1","a ""b"", c\nd"\r\n"2",""\r\n')).toEqual([
      ['Id', 'Name'],
      ['1', 'a "b", c\nd'],
      ['2', ''],
    ]);
  });

  it('types cells the way the REST API returns them, so both paths store the same document', () => {
    expect(typedValue('boolean', 'true')).toBe(true);
    expect(typedValue('double', '12.5')).toBe(12.5);
    expect(typedValue('currency', '')).toBeNull();
    expect(typedValue('datetime', '2024-05-01T10:20:30.000Z')).toBe('2024-05-01T10:20:30.000+0000');
    expect(typedValue('date', '2024-05-01')).toBe('2024-05-01');
    expect(typedValue('string', '00123')).toBe('00123');
  });

  it('builds records keyed by Id with every column of the header', () => {
    const types = new Map([['Id', 'id'], ['IsDeleted', 'boolean'], ['NumberOfEmployees', 'int']]);
    expect(rowsToRecords(['Id', 'IsDeleted', 'NumberOfEmployees'], [['001A', 'false', '']], types)).toEqual([
      { id: '001A', fields: { Id: '001A', IsDeleted: false, NumberOfEmployees: null } },
    ]);
  });
});
