import { DEMO_LISTS_ORG, EMPTY_LISTS_ORG, listsOrgSizeFor, type ListsOrgSize } from '../../emulator-kit/org-size';

/** How many records of each module a generated instance holds (the other emulators' shape, in Sugar modules); the last of every four target lists is a suppression list. */
export type OrgSize = ListsOrgSize;

export const DEMO_ORG: OrgSize = { ...DEMO_LISTS_ORG };

export const EMPTY_ORG: OrgSize = { ...EMPTY_LISTS_ORG };

/** An instance shaped like the demo one with `people` leads+contacts. */
export const orgSizeForPeople: (people: number) => OrgSize = listsOrgSizeFor;
