import { createSugarEmulator, orgSizeForPeople } from '../../../sugar-emulator';

describe('Sugar emulator: the generated org', () => {
  const build = (seed: number) => createSugarEmulator({ seed, org: { ...orgSizeForPeople(400), listsPerPersonMax: 2 } }).context.store;

  it('is the same for the same seed and different for another, at the size asked', () => {
    const [a, b, c] = [build(5), build(5), build(6)];
    expect(a.list('Contacts')).toEqual(b.list('Contacts'));
    expect(a.list('Contacts')[0].id).not.toBe(c.list('Contacts')[0].id);
    expect([a.count('Contacts'), a.count('Leads'), a.count('Accounts'), a.count('Opportunities'), a.count('ProspectLists')]).toEqual([240, 160, 60, 120, 3]);
    // The two API users come on top of the generated ones.
    expect(a.count('Users')).toBe(orgSizeForPeople(400).users + 2);
  });

  it('has what the kit and the demos lean on: list members, opportunity contacts, a lead twin of a contact, shared stamps', () => {
    const store = build(5);
    const memberCounts = store.list('ProspectLists').map((l) => store.listMembers(l.id as string).length);
    expect(memberCounts.some((n) => n > 0)).toBe(true);
    expect(store.relationshipRows('opportunities_contacts').length).toBeGreaterThan(0);
    const contactEmails = new Set(store.list('Contacts').map((c) => c.email1));
    expect(store.list('Leads').some((l) => l.email1 && contactEmails.has(l.email1))).toBe(true);
    const stamps = new Map<string, number>();
    for (const c of store.list('Contacts')) stamps.set(c.date_modified as string, (stamps.get(c.date_modified as string) ?? 0) + 1);
    expect(Math.max(...stamps.values())).toBeGreaterThan(5);
    for (const c of store.list('Contacts')) expect(c.score_band_c).toMatch(/^(cold|warm|hot)$/);
  });
});
