import { DEMO_CREDENTIALS } from '../../../sf-emulator';
import { generateOrg } from '../../../sf-emulator/generator';
import { normalizeId } from '../../../sf-emulator/ids';
import { DEMO_ORG, type OrgSize } from '../../../sf-emulator/org-size';
import { OrgStore } from '../../../sf-emulator/store';

const TYPES = ['User', 'Account', 'Contact', 'Lead', 'Opportunity', 'OpportunityContactRole', 'Campaign', 'CampaignMember'];
const SMALL: OrgSize = { leads: 400, contacts: 600, accounts: 120, users: 8, opportunities: 300, campaigns: 6 };

function build(seed: number, size: OrgSize = SMALL): OrgStore {
  const store = new OrgStore(seed);
  generateOrg(store, size, seed);
  return store;
}

const snapshot = (store: OrgStore) => TYPES.map((t) => store.list(t));

describe('the org generator', () => {
  it('builds the same org from the same seed, and a different one from another seed', () => {
    expect(snapshot(build(5))).toEqual(snapshot(build(5)));
    expect(snapshot(build(6))).not.toEqual(snapshot(build(5)));
  });

  it('builds the requested number of records with valid ids, plus the admin user', () => {
    const store = build(1);
    expect(store.list('Lead')).toHaveLength(400);
    expect(store.list('Contact')).toHaveLength(600);
    expect(store.list('User')).toHaveLength(9);
    expect(store.get('User', store.adminUserId)).toMatchObject({ Username: DEMO_CREDENTIALS.username, IsActive: true });
    for (const type of TYPES) for (const r of store.list(type)) expect(normalizeId(r.Id)).toBe(r.Id);
  });

  it('gives people zero, one and many opportunities through contact roles', () => {
    const store = build(1);
    const roles = new Map<string, number>();
    for (const r of store.list('OpportunityContactRole')) roles.set(r.ContactId as string, (roles.get(r.ContactId as string) ?? 0) + 1);
    const counts = store.list('Contact').map((c) => roles.get(c.Id) ?? 0);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(50);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(20);
    expect(counts.filter((n) => n >= 3).length).toBeGreaterThan(5);
  });

  it('gives people zero, one and several campaign memberships', () => {
    const store = build(1);
    const members = new Map<string, number>();
    for (const m of store.list('CampaignMember')) {
      const person = (m.ContactId ?? m.LeadId) as string;
      members.set(person, (members.get(person) ?? 0) + 1);
    }
    const people = [...store.list('Contact'), ...store.list('Lead')].map((p) => members.get(p.Id) ?? 0);
    expect(people.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(people.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(people.filter((n) => n > 1).length).toBeGreaterThan(0);
  });

  it('makes some people exist as both a Lead and a Contact with the same email', () => {
    const store = build(1);
    const contactEmails = new Set(store.list('Contact').map((c) => c.Email).filter(Boolean));
    expect(store.list('Lead').filter((l) => contactEmails.has(l.Email)).length).toBeGreaterThan(0);
    const tiny = build(2, { leads: 3, contacts: 3, accounts: 1, users: 1, opportunities: 1, campaigns: 1 });
    const tinyEmails = new Set(tiny.list('Contact').map((c) => c.Email));
    expect(tiny.list('Lead').some((l) => tinyEmails.has(l.Email))).toBe(true);
  });

  it('includes unicode names, plus-addressed emails and empty fields', () => {
    const people = [...build(1).list('Contact'), ...build(1).list('Lead')];
    expect(people.some((p) => /[^\x00-\x7f]/.test(`${String(p.FirstName)}${String(p.LastName)}`))).toBe(true);
    expect(people.some((p) => /\+\w+@/.test(String(p.Email)))).toBe(true);
    expect(people.some((p) => p.Email === null)).toBe(true);
    expect(people.some((p) => p.FirstName === null)).toBe(true);
  });

  it('spreads SystemModstamp over time and lets bulk updates share one value', () => {
    const stamps = build(1).list('Contact').map((c) => c.SystemModstamp as string);
    const perStamp = new Map<string, number>();
    for (const s of stamps) perStamp.set(s, (perStamp.get(s) ?? 0) + 1);
    expect(Math.max(...perStamp.values())).toBeGreaterThan(10);
    expect(perStamp.size).toBeGreaterThan(300);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
  });

  it("sizes the 'demo' org at about ten thousand people", () => {
    expect(DEMO_ORG.leads + DEMO_ORG.contacts).toBe(10_000);
  });
});
