import { generateOrg } from '../../../dynamics-emulator/org/generator';
import { DEMO_ORG } from '../../../dynamics-emulator/org/org-size';
import { DataverseStore } from '../../../dynamics-emulator/store';

const SIZE = { contacts: 120, leads: 80, accounts: 30, users: 6, opportunities: 50, campaigns: 4, lists: 6 };
const TABLES = ['systemuser', 'account', 'contact', 'lead', 'opportunity', 'campaign', 'list', 'listmember'];

function build(seed: number): DataverseStore {
  const store = new DataverseStore(seed);
  generateOrg(store, SIZE, seed);
  return store;
}

describe('Dataverse demo org generator', () => {
  it('builds the same org, ids and all, from the same seed', () => {
    const [a, b] = [build(3), build(3)];
    for (const table of TABLES) expect(b.list(table)).toEqual(a.list(table));
    expect(b.organizationId).toBe(a.organizationId);
  });

  it('builds a different org from another seed', () => {
    expect(build(4).list('contact').map((c) => c.contactid)).not.toEqual(build(3).list('contact').map((c) => c.contactid));
  });

  it('makes the sizes asked for, with linked rows that exist', () => {
    const store = build(3);
    expect([store.count('contact'), store.count('lead'), store.count('account'), store.count('systemuser')]).toEqual([120, 80, 30, 7]);
    const accounts = new Set(store.list('account').map((a) => a.accountid));
    for (const contact of store.list('contact')) if (contact.parentcustomerid) expect(accounts.has((contact.parentcustomerid as { id: string }).id)).toBe(true);
    for (const opp of store.list('opportunity')) if (opp.parentcontactid) expect(store.get('contact', (opp.parentcontactid as { id: string }).id)).toBeDefined();
    const lists = store.list('list');
    expect(lists.filter((l) => l.type === true).every((l) => typeof l.query === 'string' && (l.query as string).startsWith('<fetch'))).toBe(true);
    expect(store.list('listmember').length).toBeGreaterThan(0);
  });

  it('leaves thousands of rows sharing a modifiedon at demo scale, as bulk edits do', () => {
    const store = new DataverseStore(1);
    generateOrg(store, DEMO_ORG, 1);
    const stamps = new Map<string, number>();
    for (const c of store.list('contact')) stamps.set(c.modifiedon as string, (stamps.get(c.modifiedon as string) ?? 0) + 1);
    expect(Math.max(...stamps.values())).toBeGreaterThan(100);
    expect(store.count('contact') + store.count('lead')).toBe(10_000);
  });
});
