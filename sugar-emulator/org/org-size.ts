/** How many records of each module a generated instance holds (the other emulators' shape, in Sugar modules). */
export interface OrgSize {
  leads: number;
  contacts: number;
  accounts: number;
  users: number;
  opportunities: number;
  campaigns: number;
  /** Target Lists (ProspectLists); the last one of every four is a suppression list. */
  lists: number;
  /** Each person joins 0..this many target lists (default 2). */
  listsPerPersonMax?: number;
  /** Share of leads that reuse a contact's email (default 0.03). */
  sharedEmailRatio?: number;
  /** The generated history ends here (default 2025-01-01T00:00:00Z), so data is the same every day. */
  generatedUntil?: string;
  /** How far back date_entered spreads, in days (default 730). */
  historyDays?: number;
}

export const DEMO_ORG: OrgSize = { leads: 4_000, contacts: 6_000, accounts: 1_500, users: 50, opportunities: 3_000, campaigns: 30, lists: 12 };

export const EMPTY_ORG: OrgSize = { leads: 0, contacts: 0, accounts: 0, users: 0, opportunities: 0, campaigns: 0, lists: 0 };

/** An instance shaped like the demo one with `people` leads+contacts. */
export function orgSizeForPeople(people: number): OrgSize {
  return {
    leads: Math.round(people * 0.4),
    contacts: Math.round(people * 0.6),
    accounts: Math.max(1, Math.round(people * 0.15)),
    users: Math.max(5, Math.min(2_000, Math.round(people / 200))),
    opportunities: Math.round(people * 0.3),
    campaigns: Math.max(5, Math.min(5_000, Math.round(people / 300))),
    lists: Math.max(3, Math.min(500, Math.round(people / 800))),
  };
}
