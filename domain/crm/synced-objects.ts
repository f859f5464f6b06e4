/**
 * The CRM objects the CRM Administration sync copies, in the order it syncs them: parents before
 * children, so a contact's account, owner and campaigns are already stored when the contact arrives.
 * Pure data: the workflow bundle may import it.
 */
export const SYNCED_OBJECTS = ['User', 'Account', 'Campaign', 'Lead', 'Contact', 'Opportunity', 'OpportunityContactRole', 'CampaignMember'] as const;
export type SyncedObject = (typeof SYNCED_OBJECTS)[number];

export function isSyncedObject(name: string): name is SyncedObject {
  return (SYNCED_OBJECTS as readonly string[]).includes(name);
}

/** People: the objects a marketing contact is made from. */
export const PERSON_OBJECTS = ['Lead', 'Contact'] as const satisfies readonly SyncedObject[];
