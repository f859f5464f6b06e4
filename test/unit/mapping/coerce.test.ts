import { coerceValue, MAX_TEXT_LENGTH } from '../../../domain/mapping/coerce';
import { FIELD_TYPES, type FieldType } from '../../../domain/mapping/field-types';

function value(type: FieldType, raw: unknown) {
  const result = coerceValue(type, raw);
  if (!result.ok) throw new Error(`expected ${String(raw)} to coerce to ${type}, got: ${result.reason}`);
  return result.value;
}
function reason(type: FieldType, raw: unknown) {
  const result = coerceValue(type, raw);
  if (result.ok) throw new Error(`expected ${String(raw)} to be refused as ${type}, got ${String(result.value)}`);
  return result.reason;
}
const utc = (iso: string) => new Date(iso);

describe('coerceValue', () => {
  test.each(FIELD_TYPES.flatMap((t) => [null, undefined, '', '   '].map((raw) => [t, raw] as const)))(
    'an empty CRM value is a legitimate empty %s value (%p)',
    (type, raw) => expect(coerceValue(type, raw)).toEqual({ ok: true, value: null }),
  );

  describe('Boolean', () => {
    test.each([true, 1, '1', 'TRUE', 'true', ' Yes ', 'yes'])('%p is true', (raw) => expect(value('Boolean', raw)).toBe(true));
    test.each([false, 0, '0', 'false', 'FALSE', 'no', 'NO'])('%p is false', (raw) => expect(value('Boolean', raw)).toBe(false));
    test('a word that is not a boolean is refused with the accepted spellings', () => {
      expect(reason('Boolean', 'maybe')).toBe("'maybe' is not a boolean (expected true/false, 1/0, yes/no)");
    });
    test.each([2, -1, 0.5, {}, [true]])('%p is not a boolean', (raw) => expect(reason('Boolean', raw)).toMatch(/is not a boolean/));
  });

  describe('Date and Datetime', () => {
    test.each([
      ['2024-01-31', '2024-01-31T00:00:00.000Z'],
      ['2024-01-31T10:00:00.000+0000', '2024-01-31T10:00:00.000Z'],
      ['2024-01-31T10:00:00Z', '2024-01-31T10:00:00.000Z'],
      ['2024-01-31T12:30:00+02:00', '2024-01-31T10:30:00.000Z'],
      ['2024-01-31T05:00:00.5-0500', '2024-01-31T10:00:00.500Z'],
      ['01/31/2024', '2024-01-31T00:00:00.000Z'],
      ['1/5/2024', '2024-01-05T00:00:00.000Z'],
      [Date.UTC(2024, 0, 31, 10), '2024-01-31T10:00:00.000Z'],
      [new Date('2024-01-31T10:00:00Z'), '2024-01-31T10:00:00.000Z'],
    ])('Datetime %p is the instant %s', (raw, iso) => expect(value('Datetime', raw)).toEqual(utc(iso)));

    test.each([
      ['2024-01-31', '2024-01-31'],
      ['2024-01-31T23:59:59.999+0000', '2024-01-31'],
      ['01/31/2024', '2024-01-31'],
      [Date.UTC(2024, 0, 31, 18), '2024-01-31'],
      [Date.UTC(1969, 6, 20, 20, 17), '1969-07-20'],
    ])('Date %p is UTC midnight of %s', (raw, day) => expect(value('Date', raw)).toEqual(utc(`${day}T00:00:00.000Z`)));

    test('a Date is the UTC calendar day of a date-time written with an offset', () => {
      expect(value('Date', '2024-01-31T23:30:00-0500')).toEqual(utc('2024-02-01T00:00:00.000Z'));
    });
    test('a leap day exists in a leap year', () => expect(value('Date', '2024-02-29')).toEqual(utc('2024-02-29T00:00:00Z')));
    test('US dates are month first, so 31/01/2024 is refused rather than read day first', () => {
      expect(reason('Date', '31/01/2024')).toBe("'31/01/2024' is not a real calendar date");
    });
    test.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-31T24:00:00Z', '2024-01-31T10:60:00Z'])(
      'an impossible date %p is refused, not rolled over',
      (raw) => expect(reason('Datetime', raw)).toMatch(/is not a real calendar datetime/),
    );
    test.each(['tomorrow', '2024-1-31', '31.01.2024', 'Jan 31 2024', '2024-01-31T10:00:00'])('%p is not a date format we accept', (raw) => {
      expect(reason('Date', raw)).toMatch(/is not a date \(expected YYYY-MM-DD, MM\/DD\/YYYY, an ISO date-time with a time zone, or epoch milliseconds\)/);
    });
    test.each([1.5, NaN, Infinity, 9e15, true, new Date('nope')])('%p is not an epoch-milliseconds instant', (raw) => {
      expect(reason('Datetime', raw)).toMatch(/is not a datetime/);
    });
    test('a coerced Datetime is a copy, so later changes to the input do not leak in', () => {
      const input = new Date('2024-01-31T10:00:00Z');
      const out = value('Datetime', input) as Date;
      input.setUTCFullYear(2000);
      expect(out.toISOString()).toBe('2024-01-31T10:00:00.000Z');
    });
  });

  describe('Number', () => {
    test.each([
      [42, 42], [-3.5, -3.5], ['42', 42], [' -3.25 ', -3.25], ['+7', 7], ['.5', 0.5], ['1e3', 1000],
      ['1,234', 1234], ['1,234,567.89', 1234567.89], ['0', 0],
    ])('%p is the number %p', (raw, expected) => expect(value('Number', raw)).toBe(expected));
    test.each(['12abc', 'abc', '1,23', '12,34,567', '1.2.3', '$100', '50%', '-', '.', 'e5', 'Infinity', 'NaN', '0x10'])(
      'text %p is not a number', (raw) => expect(reason('Number', raw)).toMatch(/is not a number/),
    );
    test.each([NaN, Infinity, -Infinity])('%p is not a finite number', (raw) => expect(reason('Number', raw)).toMatch(/is not a finite number/));
    test('a numeric string too large for a double is refused', () => expect(reason('Number', '1e400')).toMatch(/too large/));
    test('a boolean is not silently read as 1 or 0', () => expect(reason('Number', true)).toBe('true is not a number'));
  });

  describe('Score', () => {
    test.each([[12, 12], ['12', 12], [12.0, 12], ['1,200', 1200], [-5, -5]])('%p is the score %p', (raw, expected) => {
      expect(value('Score', raw)).toBe(expected);
    });
    test('a fractional score is refused, not rounded', () => {
      expect(reason('Score', 12.5)).toBe('12.5 is not a whole number; scores must be integers');
    });
    test('a score beyond the safe integer range is refused', () => expect(reason('Score', 2 ** 60)).toMatch(/not a whole number/));
    test('non-numeric text is not a score', () => expect(reason('Score', 'high')).toMatch(/is not a number/));
  });

  describe('Email', () => {
    test('an address is trimmed, its domain lowercased and its local part kept as written', () => {
      expect(value('Email', '  Jane.Doe@Example.COM ')).toBe('Jane.Doe@example.com');
    });
    test.each(['jane+news@mail.example.co.uk', "o'brien@example.ie"])('%p is valid', (raw) => expect(value('Email', raw)).toBe(raw));
    test.each(['jane', 'jane@', '@example.com', 'jane@example', 'jane doe@example.com', 'a@b@example.com', 'jane..doe@example.com', '.jane@example.com', 'jane@-example.com'])(
      '%p is refused', (raw) => expect(reason('Email', raw)).toBe(`'${raw}' is not a valid email address`),
    );
    test('a number is not an email address', () => expect(reason('Email', 5)).toBe('5 is not an email address'));
  });

  describe('MultiText', () => {
    test('a Salesforce multi-select picklist value is split on semicolons, trimmed, empties dropped', () => {
      expect(value('MultiText', 'a; b ;;c;')).toEqual(['a', 'b', 'c']);
    });
    test('an array is taken item by item, numbers stringified', () => expect(value('MultiText', [' x ', 2, '', null])).toEqual(['x', '2']));
    test('a list of only empty items is an empty field', () => {
      expect(value('MultiText', ' ; ;')).toBeNull();
      expect(value('MultiText', [])).toBeNull();
    });
    test('a list holding an object is refused', () => expect(reason('MultiText', ['a', { b: 1 }])).toBe('the list contains an object, which is not text'));
  });

  describe('Text', () => {
    test.each([['hello', 'hello'], ['  kept as written ', '  kept as written '], [42, '42'], [1.5, '1.5'], [false, 'false']])(
      '%p is the text %p', (raw, expected) => expect(value('Text', raw)).toBe(expected),
    );
    test('a date is written as an ISO instant', () => expect(value('Text', new Date('2024-01-31T10:00:00Z'))).toBe('2024-01-31T10:00:00.000Z'));
    test('text at the limit is kept whole', () => expect(value('Text', 'x'.repeat(MAX_TEXT_LENGTH))).toHaveLength(MAX_TEXT_LENGTH));
    test('text over the limit is refused, never truncated', () => {
      expect(reason('Text', 'x'.repeat(MAX_TEXT_LENGTH + 1))).toBe('the text is 32,001 characters long; text fields hold at most 32,000');
    });
    test.each([[{ a: 1 }], [['a']], [NaN]])('%p cannot be stored as text', (raw) => expect(reason('Text', raw)).toMatch(/cannot be stored as text/));
  });
});
