/** The people, companies and activity every emulator's generated org holds. */
export interface PeopleOrgSize {
  leads: number;
  contacts: number;
  accounts: number;
  users: number;
  opportunities: number;
  campaigns: number;
  /** Share of leads that reuse a contact's email, the same person known twice (default 0.03). */
  sharedEmailRatio?: number;
  /** The generated history ends here (ISO datetime, default 2025-01-01T00:00:00Z), so data is the same every day. */
  generatedUntil?: string;
  /** How far back records' creation stamps spread, in days (default 730). */
  historyDays?: number;
}

/** An org with marketing lists besides (Dataverse marketing lists, Sugar target lists). */
export interface ListsOrgSize extends PeopleOrgSize {
  /** Marketing lists; what kinds they come in is the CRM's own. */
  lists: number;
  /** Each person joins 0..this many static lists (default 2). */
  listsPerPersonMax?: number;
}

type PeopleCounts = Pick<PeopleOrgSize, 'leads' | 'contacts' | 'accounts' | 'users' | 'opportunities' | 'campaigns'>;

export const DEMO_PEOPLE: PeopleCounts = { leads: 4_000, contacts: 6_000, accounts: 1_500, users: 50, opportunities: 3_000, campaigns: 30 };

export const NO_PEOPLE: PeopleCounts = { leads: 0, contacts: 0, accounts: 0, users: 0, opportunities: 0, campaigns: 0 };

export const DEMO_LISTS_ORG: ListsOrgSize = { ...DEMO_PEOPLE, lists: 12 };

export const EMPTY_LISTS_ORG: ListsOrgSize = { ...NO_PEOPLE, lists: 0 };

/** An org shaped like the demo one with `people` leads+contacts; 350,000 people make about 1,000,000 records. */
export function peopleOrgSizeFor(people: number): PeopleCounts {
  return {
    leads: Math.round(people * 0.4),
    contacts: Math.round(people * 0.6),
    accounts: Math.max(1, Math.round(people * 0.15)),
    users: Math.max(5, Math.min(2_000, Math.round(people / 200))),
    opportunities: Math.round(people * 0.3),
    campaigns: Math.max(5, Math.min(5_000, Math.round(people / 300))),
  };
}

/** The demo shape with lists, scaled to `people` leads+contacts. */
export function listsOrgSizeFor(people: number): ListsOrgSize {
  return { ...peopleOrgSizeFor(people), lists: Math.max(3, Math.min(500, Math.round(people / 800))) };
}

/** The size an emulator's `org` option names: 'demo' (the default), 'empty' or an explicit size. */
export function resolveOrgSize<S>(org: S | 'demo' | 'empty' | undefined, demo: S, empty: S): S {
  return org === 'empty' ? empty : org === 'demo' || org === undefined ? demo : org;
}
