/**
 * What the core needs to know about a CRM, declared by its connector as data: which of the CRM's
 * objects play which part (people, account, owner, deal, the deal↔person link, campaigns or
 * marketing lists and their memberships), the fields that link them, how changes and deletes are
 * read, and the list sources it offers. Activities, contact views, list sync, segments and pages
 * read this model and never name a CRM's objects themselves; adding a CRM is a connector folder
 * that declares one (see crm-registry.ts).
 *
 * Pure data (no imports): the workflow bundle may import it.
 */

/** The CRMs crm-sync connects to; a connection stores one of these in `crm`. */
export const CRM_KINDS = ['salesforce', 'dynamics', 'sugar'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

export function isCrmKind(value: unknown): value is CrmKind {
  return typeof value === 'string' && (CRM_KINDS as readonly string[]).includes(value);
}

/**
 * The core's two kinds of person. Every CRM crm-sync replaces has both (Salesforce Lead/Contact,
 * Dynamics lead/contact, SugarCRM Leads/Contacts, Infor CRM Lead/Contact); NetSuite's lead and
 * prospect stages of a customer map onto Lead. Stored on contact views, list members and segments.
 */
export const PERSON_TYPES = ['Lead', 'Contact'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

/** The part an object plays in the core. */
export type ObjectRole = 'owner' | 'account' | 'campaign' | 'person' | 'deal' | 'dealLink' | 'membership' | 'other';

/**
 * How an incremental sync finds what changed in an object:
 * - `keyset`: records in (modification stamp, id) order from a stored position (the
 *   object's stampField: Salesforce's system stamp, Dataverse modifiedon). Equal stamps at a page boundary are safe by the id.
 * - `delta`: the CRM's change feed (Dataverse change tracking: a delta link returns changed and
 *   removed records since a token). A rejected or expired token falls back to a full read of that
 *   object, said on the run. Needs CrmConnector.readChanges.
 */
export type ChangeReading = 'keyset' | 'delta';

/**
 * How deletes are seen:
 * - `recycle-bin`: deleted records can be read back for a while (Salesforce queryAll IsDeleted);
 * - `delta`: the change feed lists removals;
 * - `id-diff`: only a comparison of ids (the drift check) finds them.
 * Every object is also covered by the periodic drift check, whatever it declares: some deletes
 * leave no trace (hard deletes, removals outside the feed).
 */
export type DeleteVisibility = 'recycle-bin' | 'delta' | 'id-diff';

export interface CrmObjectModel {
  /** The CRM's API name of the object (`Contact`, `contact`); records are stored under it. */
  object: string;
  role: ObjectRole;
  /** For role `person`: which kind of person its records are. */
  personType?: PersonType;
  /** Singular and plural labels as the CRM's users know them. */
  label: string;
  pluralLabel: string;
  /** The field whose change moves a record forward in the change order (keyset reads and checkpoints). */
  stampField: string;
  changes: ChangeReading;
  deletes: DeleteVisibility;
  /**
   * Fields the core reads on every record of the object whatever the mapping says: the link fields
   * below, names shown on pages, and fields segments always offer. The connector adds its key and
   * stamp fields itself.
   */
  coreFields: string[];
  /** Fields that help a person find a record the CRM returned without an id (listed on the run). */
  identifyingFields: string[];
  /**
   * The object whose changed records this object's changes are read through, when the CRM has no
   * listing of its own for it (a SugarCRM opportunity's contacts: the join rows show only as links
   * of each changed opportunity). Reading them costs a call per page of changed parent records that a
   * sync with no changed parent does not make, so call budgets (the conformance kit's) allow it.
   */
  readThrough?: string;
}

/** Where a person kind lives and what links it to its account and owner. */
export interface PersonModel {
  object: string;
  /** The field naming the person's account, or null when this kind has none (a Salesforce Lead). */
  accountField: string | null;
  /** The field naming the person's owner (a user; a queue or team is not synced and reads as empty). */
  ownerField: string | null;
  /** The person's email address, the key lists and audiences de-duplicate by. */
  emailField: string;
}

/**
 * The records that make a person part of a deal. `object` may be a link object (Salesforce's
 * opportunity contact role: one record per person and opportunity) or the deal itself (Dataverse
 * opportunity with its customer contact): then `dealField` is null and the record's own id is the deal.
 */
export interface DealLinkModel {
  object: string;
  personField: string;
  dealField: string | null;
}

/**
 * The records that make a person a member of a campaign or marketing list. `personFields` in
 * precedence order: a Salesforce CampaignMember names a contact and a lead (the contact wins).
 */
export interface MembershipModel {
  object: string;
  campaignField: string;
  personFields: string[];
  /**
   * The person kind each of `personFields` names, in the same order; null when one field names
   * either kind (a Dataverse list member's entityid names a lead or a contact).
   */
  personFieldTypes: (PersonType | null)[];
  /** The member's status text, when the CRM keeps one; null otherwise. */
  statusField: string | null;
  /** Whether the member responded, when the CRM keeps it; null otherwise. */
  respondedField: string | null;
}

/**
 * A list source's filter language: a saved clause over the local copy of the Lead or Contact records
 * (Salesforce: a WHERE clause of its query language; Dynamics 365: an OData $filter). The implementation lives in the connector's folder and is
 * reached through the registry (CrmDefinition.listFilter).
 */
export interface ListFilterModel {
  /** Shown where the list form offers it ("Leads or Contacts matching a <label>"). */
  label: string;
  placeholder: string;
}

export interface CrmModel {
  crm: CrmKind;
  /** The CRM's name as users know it. */
  label: string;
  /** Every object the CRM Administration sync copies, parents before children (accounts, owners and campaigns before the people that name them). */
  objects: CrmObjectModel[];
  people: Record<PersonType, PersonModel>;
  account: { object: string; nameField: string };
  owner: { object: string; nameField: string };
  deal: { object: string; nameField: string; label: string; pluralLabel: string };
  dealLink: DealLinkModel;
  /** `statusField`: a status shown beside the name where a list is chosen, when the CRM keeps one. */
  campaign: { object: string; nameField: string; statusField?: string; label: string; pluralLabel: string };
  membership: MembershipModel & { label: string; pluralLabel: string };
  /** The list-source kinds this CRM offers beyond all leads / all contacts / a campaign. */
  listFilter: ListFilterModel | null;
  /** False when the CRM reports no daily API allowance (Dataverse limits per 5-minute window, met as 429s): pages say so instead of waiting for one. */
  reportsDailyApiUsage?: boolean;
  /** Where no daily allowance is reported: how the CRM limits API use instead, in words a run page can show after the CRM's name. */
  apiLimitsNote?: string;
  /** How many ids one fetchByIds call takes (the drift check restores missing records in chunks of this many). */
  maxIdsPerFetch: number;
  /** The write paths the connector has: `single` (one call per record), `batch` (many records per call), `bulk` (an ingest job). */
  writePaths: ('single' | 'batch' | 'bulk')[];
  /** How each write path is called in the CRM's own words, for run pages ("through …") and list settings. */
  writePathLabels: Partial<Record<'single' | 'batch' | 'bulk', string>>;
}

/** The object model of a CRM object name, or undefined when the CRM does not sync it. */
export function objectModel(model: CrmModel, object: string): CrmObjectModel | undefined {
  return model.objects.find((o) => o.object === object);
}

/** The objects the sync copies, in order. */
export function syncedObjectNames(model: CrmModel): string[] {
  return model.objects.map((o) => o.object);
}

/** The person kind an object holds, or null when its records are not people. */
export function personTypeOf(model: CrmModel, object: string): PersonType | null {
  return PERSON_TYPES.find((type) => model.people[type].object === object) ?? null;
}
