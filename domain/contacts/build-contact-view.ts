import { createHash } from 'node:crypto';
import type { PersonModel, PersonType } from '../crm/crm-model';
import { applyMapping } from '../mapping/apply-mapping';
import type { ConnectionMapping } from '../mapping/mapping';
import type { ContactViewDoc } from '../models/contact-view';

export interface PersonLinks {
  opportunityIds: Iterable<string>;
  campaignMemberships: { campaignId: string; status: string | null; hasResponded: boolean | null }[];
}

export type ContactViewContent = Omit<ContactViewDoc, 'updatedAt'>;

/** The raw CRM value as text for the error entry (long values cut at 500 characters). */
export function rawValueText(raw: unknown): string {
  const textValue = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  return textValue.length > 500 ? `${textValue.slice(0, 500)}…` : textValue;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A marketing contact from one stored Lead or Contact: mapped values (uncoercible ones become
 * valueErrors and are left out, never blanked), links to account and owner, and the sorted ids of
 * its opportunities and campaigns. Deterministic, so its hash tells whether anything changed.
 */
export function buildContactView(input: {
  connectionId: string;
  type: PersonType;
  /** Where the person's account and owner are named (the CRM model's person kind): resolved once by the caller. */
  person: Pick<PersonModel, 'accountField' | 'ownerField'>;
  crmId: string;
  fields: Record<string, unknown>;
  mapping: ConnectionMapping | null;
  links: PersonLinks;
}): ContactViewContent {
  const mapped = input.mapping ? applyMapping(input.mapping, input.type, input.fields, input.crmId) : { values: {}, errors: [] };
  const memberships = [...input.links.campaignMemberships].sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));
  const content = {
    _id: `${input.connectionId}:${input.crmId}`,
    connectionId: input.connectionId,
    crmId: input.crmId,
    type: input.type,
    values: mapped.values,
    accountId: input.person.accountField === null ? null : text(input.fields[input.person.accountField]),
    ownerId: input.person.ownerField === null ? null : text(input.fields[input.person.ownerField]),
    opportunityIds: [...new Set(input.links.opportunityIds)].sort(),
    campaignIds: [...new Set(memberships.map((m) => m.campaignId))],
    campaignMemberships: memberships,
    valueErrors: mapped.errors.map((e) => ({ field: e.target, crmField: e.field, rawValue: rawValueText(e.rawValue), reason: e.reason })),
  };
  return { ...content, contentHash: createHash('sha1').update(JSON.stringify(content)).digest('base64url') };
}
