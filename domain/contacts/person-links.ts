import type { MembershipLink, RoleLink } from '../models/contact-links';
import type { PersonLinks } from './build-contact-view';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The contact an OpportunityContactRole links to its opportunity, or null when it names none. */
export function roleLinkOf(crmId: string, fields: Record<string, unknown>): { personId: string; link: RoleLink } | null {
  const personId = text(fields.ContactId);
  const opportunityId = text(fields.OpportunityId);
  return personId && opportunityId ? { personId, link: { id: crmId, opportunityId } } : null;
}

/** The person (the contact, else the lead) a CampaignMember makes a campaign member, or null. */
export function membershipLinkOf(crmId: string, fields: Record<string, unknown>): { personId: string; link: MembershipLink } | null {
  const personId = text(fields.ContactId) ?? text(fields.LeadId);
  const campaignId = text(fields.CampaignId);
  if (!personId || !campaignId) return null;
  const hasResponded = typeof fields.HasResponded === 'boolean' ? fields.HasResponded : null;
  return { personId, link: { id: crmId, campaignId, status: text(fields.Status), hasResponded } };
}

/**
 * Every Lead/Contact id a version of a view-source record names: itself for a person, both ids of a
 * campaign member (the contact wins, but a converted lead's view must be rebuilt too).
 */
export function peopleNamedBy(object: string, crmId: string, fields: Record<string, unknown>): string[] {
  if (object === 'Lead' || object === 'Contact') return [crmId];
  const named = object === 'OpportunityContactRole' ? [fields.ContactId] : object === 'CampaignMember' ? [fields.ContactId, fields.LeadId] : [];
  return named.map(text).filter((id): id is string => id !== null);
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
