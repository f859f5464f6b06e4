import { PERSON_TYPES, type CrmModel, type DealLinkModel, type MembershipModel } from '../crm/crm-model';
import type { MembershipLink, RoleLink } from '../models/contact-links';
import type { PersonLinks } from './build-contact-view';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The person a deal-link record links to its deal, or null when it names none. When the link record
 * is the deal itself (`dealField` null, a Dataverse opportunity and its customer contact) its own id is the deal's.
 */
export function roleLinkOf(dealLink: DealLinkModel, crmId: string, fields: Record<string, unknown>): { personId: string; link: RoleLink } | null {
  const personId = text(fields[dealLink.personField]);
  const opportunityId = dealLink.dealField === null ? crmId : text(fields[dealLink.dealField]);
  return personId && opportunityId ? { personId, link: { id: crmId, opportunityId } } : null;
}

/** The person a membership record makes a campaign (marketing list) member, the first of its person fields that is set, or null. */
export function membershipLinkOf(membership: MembershipModel, crmId: string, fields: Record<string, unknown>): { personId: string; link: MembershipLink } | null {
  let personId: string | null = null;
  for (const field of membership.personFields) if ((personId = text(fields[field]))) break;
  const campaignId = text(fields[membership.campaignField]);
  if (!personId || !campaignId) return null;
  const responded = membership.respondedField === null ? undefined : fields[membership.respondedField];
  const hasResponded = typeof responded === 'boolean' ? responded : null;
  return { personId, link: { id: crmId, campaignId, status: membership.statusField === null ? null : text(fields[membership.statusField]), hasResponded } };
}

/**
 * The objects whose records make up contact views, each with the fields naming a person on it: none
 * for a person object (the record is the person), the person field of a deal link, every person field
 * of a membership. Accounts and owners are linked by id only. Computed once per activity.
 */
export type ViewSources = ReadonlyMap<string, readonly string[]>;

export function viewSourcesOf(model: CrmModel): ViewSources {
  const sources = new Map<string, string[]>(PERSON_TYPES.map((type) => [model.people[type].object, []]));
  sources.set(model.dealLink.object, [model.dealLink.personField]);
  sources.set(model.membership.object, [...model.membership.personFields]);
  return sources;
}

/**
 * Every person id a version of a view-source record names: itself for a person, all person fields of
 * a membership (the first set one wins, but a converted lead's view must be rebuilt too).
 */
export function peopleNamedBy(personFields: readonly string[], crmId: string, fields: Record<string, unknown>): string[] {
  if (personFields.length === 0) return [crmId];
  return personFields.map((field) => text(fields[field])).filter((id): id is string => id !== null);
}

/** The links of one person as a contact view takes them (without the records' own ids). */
export function personLinksFrom(roles: RoleLink[], memberships: MembershipLink[]): PersonLinks {
  return {
    opportunityIds: roles.map((r) => r.opportunityId),
    campaignMemberships: memberships.map(({ campaignId, status, hasResponded }) => ({ campaignId, status, hasResponded })),
  };
}

/**
 * Two memberships of one campaign with different content: their order in the view then depends on
 * the order the full rebuild reads them in, which an incremental rebuild cannot reproduce.
 */
export function hasAmbiguousMemberships(memberships: MembershipLink[]): boolean {
  const byCampaign = new Map<string, string>();
  for (const m of memberships) {
    const content = JSON.stringify([m.status, m.hasResponded]);
    const seen = byCampaign.get(m.campaignId);
    if (seen !== undefined && seen !== content) return true;
    byCampaign.set(m.campaignId, content);
  }
  return false;
}
