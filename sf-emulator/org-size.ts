/** How many records of each kind a generated org holds. */
export interface OrgSize {
  leads: number;
  contacts: number;
  accounts: number;
  users: number;
  opportunities: number;
  campaigns: number;
  /** Each person joins 0..this many campaigns (default 3). */
  campaignMembersPerPersonMax?: number;
  /** Each opportunity names 1..this many contacts of its account (default 3). */
  contactRolesPerOpportunityMax?: number;
  /** Share of leads that reuse a contact's email, the same person known twice (default 0.03). */
  sharedEmailRatio?: number;
  /** The generated history ends here (ISO datetime, default 2025-01-01T00:00:00Z), so data is the same every day. */
  generatedUntil?: string;
  /** How far back CreatedDate spreads, in days (default 730). */
  historyDays?: number;
}

export const DEMO_ORG: OrgSize = {
  leads: 4_000,
  contacts: 6_000,
  accounts: 1_500,
  users: 50,
  opportunities: 3_000,
  campaigns: 30,
};

export const EMPTY_ORG: OrgSize = { leads: 0, contacts: 0, accounts: 0, users: 0, opportunities: 0, campaigns: 0 };

/** An org shaped like the demo one with `people` Leads+Contacts; 350,000 people make about 1,000,000 records. */
export function orgSizeForPeople(people: number): OrgSize {
  return {
    leads: Math.round(people * 0.4),
    contacts: Math.round(people * 0.6),
    accounts: Math.max(1, Math.round(people * 0.15)),
    users: Math.max(5, Math.min(2_000, Math.round(people / 200))),
    opportunities: Math.round(people * 0.3),
    campaigns: Math.max(5, Math.min(5_000, Math.round(people / 300))),
  };
}
