/**
 * Where the segment query language's object words live in a connection's CRM. The words are ROLE
 * names, the same for every CRM, so saved segments never change: `Lead`/`Contact` are the model's
 * person kinds, `Account` its account, `User` (what `Owner` reads) its owner, `Opportunity` its deal,
 * `CampaignMember` its membership (a Salesforce campaign member, a Dynamics marketing-list member) and
 * `Campaign` its campaign object (a campaign, a marketing list). Pure data, derived from the CRM
 * model once per model.
 */
import { PERSON_TYPES, type CrmModel } from '../crm/crm-model';
import type { PersonType } from './plan';

export const SEGMENT_OBJECT_WORDS = ['Lead', 'Contact', 'Account', 'User', 'Opportunity', 'CampaignMember', 'Campaign'] as const;
export type SegmentObjectWord = (typeof SEGMENT_OBJECT_WORDS)[number];

export interface SegmentSchema {
  /** The CRM object each word reads (its describe and its stored records). */
  objects: Record<SegmentObjectWord, string>;
  /** The collection of each word's records, and `members` for list members. */
  collections: Record<SegmentObjectWord | 'members', string>;
  /**
   * How a deal reaches people: the collection of the link records, the path naming the person per
   * person kind (deal links name contacts), and the path naming the deal (`crmId` when the link
   * record is the deal itself).
   */
  dealLink: { object: string; collection: string; people: Partial<Record<PersonType, string>>; deal: string };
  /** How a membership names its person (per kind) and its campaign. */
  membership: { people: Partial<Record<PersonType, string>>; campaign: string };
  /** The words as the CRM's users know them, for the builder and explanations. */
  labels: Record<SegmentObjectWord, string>;
}

/** The collection crm-record.ts stores an object's records in (kept equal by a unit test). */
const collectionOf = (object: string) => `crm_${object.toLowerCase()}`;

const schemas = new WeakMap<CrmModel, SegmentSchema>();

export function segmentSchemaOf(model: CrmModel): SegmentSchema {
  const known = schemas.get(model);
  if (known) return known;
  const objects: Record<SegmentObjectWord, string> = {
    Lead: model.people.Lead.object,
    Contact: model.people.Contact.object,
    Account: model.account.object,
    User: model.owner.object,
    Opportunity: model.deal.object,
    CampaignMember: model.membership.object,
    Campaign: model.campaign.object,
  };
  const label = (object: string) => model.objects.find((o) => o.object === object)?.label ?? object;
  const path = (field: string) => `fields.${field}`;
  const { personFields, personFieldTypes } = model.membership;
  const membershipPath = (type: PersonType) => {
    const index = personFieldTypes.findIndex((t) => t === type || t === null);
    return index < 0 ? undefined : path(personFields[index]);
  };
  const schema: SegmentSchema = {
    objects,
    collections: {
      members: 'list_members',
      ...(Object.fromEntries(Object.entries(objects).map(([word, object]) => [word, collectionOf(object)])) as Record<SegmentObjectWord, string>),
    },
    dealLink: {
      object: model.dealLink.object,
      collection: collectionOf(model.dealLink.object),
      people: { Contact: path(model.dealLink.personField) },
      deal: model.dealLink.dealField === null ? 'crmId' : path(model.dealLink.dealField),
    },
    // A field naming either kind (Dataverse entityid) serves both: the member filter also tests the type.
    membership: {
      people: Object.fromEntries(PERSON_TYPES.flatMap((type) => (membershipPath(type) ? [[type, membershipPath(type)]] : []))),
      campaign: path(model.membership.campaignField),
    },
    labels: {
      Lead: label(objects.Lead),
      Contact: label(objects.Contact),
      Account: label(objects.Account),
      User: label(objects.User),
      Opportunity: model.deal.label,
      CampaignMember: model.membership.label,
      Campaign: model.campaign.label,
    },
  };
  schemas.set(model, schema);
  return schema;
}
