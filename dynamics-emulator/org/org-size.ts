import { DEMO_LISTS_ORG, EMPTY_LISTS_ORG, listsOrgSizeFor, type ListsOrgSize } from '../../emulator-kit/org-size';

/** How many rows of each table a generated org holds (the other emulators' shape, in Dataverse tables); about a third of the lists are dynamic. */
export type OrgSize = ListsOrgSize;

export const DEMO_ORG: OrgSize = { ...DEMO_LISTS_ORG };

export const EMPTY_ORG: OrgSize = { ...EMPTY_LISTS_ORG };

/** An org shaped like the demo one with `people` leads+contacts. */
export const orgSizeForPeople: (people: number) => OrgSize = listsOrgSizeFor;
