import { DEMO_PEOPLE, NO_PEOPLE, peopleOrgSizeFor, type PeopleOrgSize } from '../emulator-kit/org-size';

/** How many records of each kind a generated org holds. */
export interface OrgSize extends PeopleOrgSize {
  /** Each person joins 0..this many campaigns (default 3). */
  campaignMembersPerPersonMax?: number;
  /** Each opportunity names 1..this many contacts of its account (default 3). */
  contactRolesPerOpportunityMax?: number;
}

export const DEMO_ORG: OrgSize = { ...DEMO_PEOPLE };

export const EMPTY_ORG: OrgSize = { ...NO_PEOPLE };

/** An org shaped like the demo one with `people` Leads+Contacts; 350,000 people make about 1,000,000 records. */
export const orgSizeForPeople: (people: number) => OrgSize = peopleOrgSizeFor;
