import { checksumSuffix, IdFactory, makeId, normalizeId } from '../../../sf-emulator/ids';

describe('Salesforce record ids', () => {
  it('computes the case-safe suffix of known real ids', () => {
    // The example from Salesforce's documentation of 18-character ids.
    expect(checksumSuffix('001A0000006Vm9r')).toBe('IAC');
    // Worked by hand: upper-case positions 3 | none | 0,1,2,4 → bits 8, 0, 23 → I, A, X.
    expect(checksumSuffix('003D000000QOZvB')).toBe('IAX');
    // Only the Q of the Lead prefix is upper case: position 2 of the first chunk → bit 4 → E.
    expect(checksumSuffix('00Q0000000000aa')).toBe('EAA');
  });

  it('turns a 15-character id into its 18-character form and accepts the 18-character form in any suffix case', () => {
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9riac')).toBe('001A0000006Vm9rIAC');
  });

  it('rejects strings that are not ids or carry a wrong suffix', () => {
    expect(normalizeId('001A0000006Vm9rXXX')).toBeUndefined();
    expect(normalizeId('not-an-id')).toBeUndefined();
    expect(normalizeId('001A0000006Vm9')).toBeUndefined();
  });

  it('mints ids with the object key prefix, a valid suffix and creation order', () => {
    const factory = new IdFactory(0);
    const ids = Array.from({ length: 70 }, () => factory.next('003'));
    for (const id of ids) {
      expect(id).toMatch(/^003\w{15}$/);
      expect(normalizeId(id.slice(0, 15))).toBe(id);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(makeId('00Q', 1)).not.toBe(makeId('00Q', 2));
  });
});
