import fc from 'fast-check';
import { readCell, writeCell } from '../../../sf-emulator/bulk/csv-values';
import { CsvFormatError, formatCsv, parseCsv, type ColumnDelimiter, type CsvFormat } from '../../../sf-emulator/csv';
import { findField, findObject, type FieldDef } from '../../../sf-emulator/schema';
import { endpointName } from '../../../sf-emulator/stats';

const LF: CsvFormat = { columnDelimiter: 'COMMA', lineEnding: 'LF' };
const field = (name: string) => findField(findObject('Contact')!, name) as FieldDef;

describe('Bulk API 2.0 CSV', () => {
  it('reads quoted cells with doubled quotes, delimiters and line breaks inside', () => {
    expect(parseCsv('Id,Title\n1,"VP, ""Growth""\nEMEA"\n2,\n', LF)).toEqual([
      ['Id', 'Title'],
      ['1', 'VP, "Growth"\nEMEA'],
      ['2', ''],
    ]);
  });

  it('round-trips any cells through every delimiter and line ending', () => {
    const delimiters: ColumnDelimiter[] = ['BACKQUOTE', 'CARET', 'COMMA', 'PIPE', 'SEMICOLON', 'TAB'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', ' ', '"', ',', '\n', '\r', '`', '^', '|', ';', '\t', 'é') }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...delimiters),
        fc.constantFrom('LF' as const, 'CRLF' as const),
        (rows, columnDelimiter, lineEnding) => {
          const format = { columnDelimiter, lineEnding };
          expect(parseCsv(formatCsv(rows, format), format)).toEqual(rows);
        },
      ),
    );
  });

  it('rejects data whose line endings differ from the job setting, as Salesforce does', () => {
    expect(() => parseCsv('Id\r\n1\r\n', LF)).toThrow('LineEnding is invalid on user data. Current LineEnding setting is LF');
    expect(() => parseCsv('Id\n1\n', { columnDelimiter: 'COMMA', lineEnding: 'CRLF' })).toThrow(CsvFormatError);
    expect(() => parseCsv('Id\n"1\n', LF)).toThrow(CsvFormatError);
  });

  it('reads ingest cells by field type: empty keeps, #N/A clears, wrong types fail the record', () => {
    expect(readCell(field('Title'), '')).toEqual({ kind: 'skip' });
    expect(readCell(field('Title'), '#N/A')).toEqual({ kind: 'set', value: null });
    expect(readCell(field('Newsletter_Opt_In__c'), 'TRUE')).toEqual({ kind: 'set', value: true });
    expect(readCell(field('Behavior_Score__c'), '12.5')).toEqual({ kind: 'set', value: 12.5 });
    expect(readCell(field('Last_Webinar_Date__c'), '2024-02-29')).toEqual({ kind: 'set', value: '2024-02-29' });
    expect(readCell(field('Newsletter_Opt_In__c'), 'yes')).toMatchObject({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['Newsletter_Opt_In__c'] });
    expect(readCell(field('Last_Webinar_Date__c'), '29/02/2024')).toMatchObject({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD' });
  });

  it('writes query cells in Salesforce formats: empty for null, true/false, UTC datetimes with Z', () => {
    expect(writeCell(field('Title'), null)).toBe('');
    expect(writeCell(field('Newsletter_Opt_In__c'), false)).toBe('false');
    expect(writeCell(field('CreatedDate'), '2024-05-01T10:20:30.000+0000')).toBe('2024-05-01T10:20:30.000Z');
  });

  it('names every Bulk API 2.0 resource for the call statistics', () => {
    const base = '/services/data/v59.0/jobs';
    expect(endpointName('POST', `${base}/ingest`)).toBe('bulk2.ingest.create');
    expect(endpointName('GET', `${base}/ingest`)).toBe('bulk2.ingest.list');
    expect(endpointName('PUT', `${base}/ingest/750x/batches`)).toBe('bulk2.ingest.upload');
    expect(endpointName('PATCH', `${base}/ingest/750x`)).toBe('bulk2.ingest.state');
    expect(endpointName('GET', `${base}/ingest/750x`)).toBe('bulk2.ingest.info');
    expect(endpointName('GET', `${base}/ingest/750x/failedResults`)).toBe('bulk2.ingest.failedResults');
    expect(endpointName('GET', `${base}/ingest/750x/unprocessedrecords`)).toBe('bulk2.ingest.unprocessedRecords');
    expect(endpointName('DELETE', `${base}/ingest/750x`)).toBe('bulk2.ingest.delete');
    expect(endpointName('GET', `${base}/query/750x/results`)).toBe('bulk2.query.results');
  });
});
