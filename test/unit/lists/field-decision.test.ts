import fc from 'fast-check';
import { CONFLICT_RULES, type ConflictRule, type FieldSyncRule } from '../../../domain/mapping/conflict-rules';
import { decideField, isBlank, type FieldState } from '../../../domain/lists/field-decision';
import { sameMemberValue } from '../../../domain/lists/member-values';

const rule = (conflict: ConflictRule, blankClears = false): FieldSyncRule => ({ conflict, blankClears });
const at = (iso: string) => new Date(iso);

describe('deciding one pushed field from marketing, CRM and agreed values', () => {
  test('a value only marketing changed is pushed', () => {
    expect(decideField({ local: 80, crm: 10, agreed: 10 }, rule('crm-wins'))).toEqual({ kind: 'push', value: 80 });
  });

  test("a CRM user's change is taken into the member, never reverted, whatever the rule", () => {
    for (const conflict of CONFLICT_RULES) {
      expect(decideField({ local: 10, crm: 444, agreed: 10 }, rule(conflict, true))).toEqual({ kind: 'take-crm', value: 444 });
    }
  });

  test('equal values are in step, or become the agreed value when the agreed one lags', () => {
    expect(decideField({ local: 5, crm: 5, agreed: 5 }, rule('crm-wins'))).toEqual({ kind: 'in-step' });
    expect(decideField({ local: 7, crm: 7, agreed: 5 }, rule('crm-wins'))).toEqual({ kind: 'agree', value: 7 });
  });

  test('without an agreed value, equal values become the agreed one (no CRM write), a marketing change note pushes, and otherwise the CRM value is kept', () => {
    expect(decideField({ local: 5, crm: 5, agreed: undefined }, rule('marketing-wins'))).toEqual({ kind: 'agree', value: 5 });
    expect(decideField({ local: 9, crm: 5, agreed: undefined, localChange: { at: new Date() } }, rule('marketing-wins'))).toEqual({ kind: 'push', value: 9 });
    expect(decideField({ local: 9, crm: 5, agreed: undefined }, rule('marketing-wins'))).toEqual({ kind: 'take-crm', value: 5 });
  });

  describe('both sides changed: each rule gives its documented winner', () => {
    const both: FieldState = { local: 80, crm: 444, agreed: 10, localChange: { at: at('2026-12-01T10:00:00Z') }, crmChangedAt: at('2026-12-01T09:00:00Z') };
    const conflict = (winner: 'marketing' | 'crm', r: ConflictRule) => ({ rule: r, winner, marketingValue: 80, crmValue: 444, agreedValue: 10 });

    test('marketing wins pushes marketing\'s value', () => {
      expect(decideField(both, rule('marketing-wins'))).toEqual({ kind: 'push', value: 80, conflict: conflict('marketing', 'marketing-wins') });
    });
    test('CRM wins takes the CRM value', () => {
      expect(decideField(both, rule('crm-wins'))).toEqual({ kind: 'take-crm', value: 444, conflict: conflict('crm', 'crm-wins') });
    });
    test('most recent compares the CRM stamp with marketing\'s change time; a tie or an unknown time keeps the CRM value', () => {
      expect(decideField(both, rule('most-recent'))).toMatchObject({ kind: 'push', conflict: { winner: 'marketing' } });
      expect(decideField({ ...both, crmChangedAt: at('2026-12-01T11:00:00Z') }, rule('most-recent'))).toMatchObject({ kind: 'take-crm', value: 444 });
      expect(decideField({ ...both, crmChangedAt: at('2026-12-01T10:00:00Z') }, rule('most-recent'))).toMatchObject({ kind: 'take-crm' });
      expect(decideField({ ...both, localChange: undefined }, rule('most-recent'))).toMatchObject({ kind: 'take-crm' });
    });
    test('CRM unless blank keeps a CRM value and fills a CRM blank', () => {
      expect(decideField(both, rule('crm-unless-blank'))).toMatchObject({ kind: 'take-crm', value: 444 });
      expect(decideField({ ...both, crm: null }, rule('crm-unless-blank'))).toMatchObject({ kind: 'push', value: 80, conflict: { winner: 'marketing' } });
    });
  });

  describe('a blank never overwrites a CRM value by default', () => {
    test('an emptied marketing value is held back', () => {
      expect(decideField({ local: null, crm: 444, agreed: 444 }, rule('marketing-wins'))).toEqual({ kind: 'hold-blank' });
      expect(decideField({ local: '  ', crm: 'VP', agreed: 'VP' }, rule('marketing-wins'))).toEqual({ kind: 'hold-blank' });
    });
    test('"blank clears" or an explicit clear by a program step lets it through', () => {
      expect(decideField({ local: null, crm: 444, agreed: 444 }, rule('marketing-wins', true))).toEqual({ kind: 'push', value: null });
      expect(decideField({ local: null, crm: 444, agreed: 444, localChange: { at: new Date(), clear: true } }, rule('crm-wins'))).toEqual({ kind: 'push', value: null });
    });
    test('a blank that wins a conflict is still held, and the conflict is reported', () => {
      expect(decideField({ local: null, crm: 444, agreed: 10 }, rule('marketing-wins'))).toMatchObject({ kind: 'hold-blank', conflict: { winner: 'marketing' } });
    });
  });

  describe('properties over random values', () => {
    const value = fc.oneof(fc.constant(null), fc.constant(''), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'));
    const state = fc.record({
      local: value,
      crm: value,
      agreed: fc.oneof(value, fc.constant(undefined)),
      localChange: fc.option(fc.record({ at: fc.date({ noInvalidDate: true }), clear: fc.boolean() }), { nil: undefined }),
      crmChangedAt: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
    });
    const rules = fc.record({ conflict: fc.constantFrom(...CONFLICT_RULES), blankClears: fc.boolean() });

    test('nothing is pushed unless marketing moved away from the agreed value', () => {
      fc.assert(
        fc.property(state, rules, (s, r) => {
          const d = decideField(s, r);
          const agreed = s.agreed !== undefined ? s.agreed : s.localChange ? s.crm : s.local;
          if (d.kind === 'push') expect(sameMemberValue(s.local, agreed)).toBe(false);
        }),
        { numRuns: 5000 },
      );
    });

    test('a CRM change marketing did not contest always reaches the member', () => {
      fc.assert(
        fc.property(state, rules, (s, r) => {
          const agreed = s.agreed !== undefined ? s.agreed : s.localChange ? s.crm : s.local;
          if (sameMemberValue(s.local, agreed) && !sameMemberValue(s.crm, agreed)) expect(decideField(s, r)).toEqual({ kind: 'take-crm', value: s.crm });
        }),
        { numRuns: 5000 },
      );
    });

    test('a blank is pushed over a CRM value only when the rule says blank clears or the field was cleared on purpose', () => {
      fc.assert(
        fc.property(state, rules, (s, r) => {
          const d = decideField(s, r);
          if (d.kind === 'push' && isBlank(d.value) && !isBlank(s.crm)) expect(r.blankClears || s.localChange?.clear === true).toBe(true);
        }),
        { numRuns: 5000 },
      );
    });

    test('every decision on differing values that both sides moved names a conflict', () => {
      fc.assert(
        fc.property(state, rules, (s, r) => {
          const agreed = s.agreed !== undefined ? s.agreed : s.localChange ? s.crm : s.local;
          const bothMoved = !sameMemberValue(s.local, agreed) && !sameMemberValue(s.crm, agreed) && !sameMemberValue(s.local, s.crm);
          const d = decideField(s, r);
          expect(bothMoved).toBe('conflict' in d && d.conflict !== undefined);
        }),
        { numRuns: 5000 },
      );
    });
  });
});
