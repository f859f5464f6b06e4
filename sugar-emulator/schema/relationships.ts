/**
 * Many-to-many relationships, each a join table of its own in Sugar: the left module's record,
 * the right module's record, a stamp and a soft-delete flag (and, for opportunities_contacts, the role).
 */
export interface RelationshipDef {
  name: string;
  lhsModule: string;
  /** Modules the right side may hold (prospect_lists_prospects keeps `related_type`). */
  rhsModules: string[];
  /** A relationship field stored on the join row and shown on related records read through the link. */
  roleField?: { name: string; shownAs: string; options: string };
}

/** A link field: how a record of `module` reaches records of `relatedModule`. */
export type LinkDef = {
  module: string;
  name: string;
  relatedModule: string;
} & (
  | { kind: 'table'; relationship: string; side: 'lhs' | 'rhs' }
  /** One-to-many through an id field: on the related record (`Accounts` → `Contacts.account_id`) or on this one. */
  | { kind: 'field'; field: string; holder: 'related' | 'self' }
);

export const RELATIONSHIPS: readonly RelationshipDef[] = [
  { name: 'prospect_lists_prospects', lhsModule: 'ProspectLists', rhsModules: ['Contacts', 'Leads', 'Accounts', 'Users'] },
  { name: 'opportunities_contacts', lhsModule: 'Opportunities', rhsModules: ['Contacts'], roleField: { name: 'contact_role', shownAs: 'opportunity_role', options: 'opportunity_relationship_type_dom' } },
  { name: 'prospect_list_campaigns', lhsModule: 'ProspectLists', rhsModules: ['Campaigns'] },
];

const table = (module: string, name: string, relatedModule: string, relationship: string, side: 'lhs' | 'rhs'): LinkDef => ({ module, name, relatedModule, kind: 'table', relationship, side });
const byField = (module: string, name: string, relatedModule: string, field: string, holder: 'related' | 'self'): LinkDef => ({ module, name, relatedModule, kind: 'field', field, holder });

export const LINKS: readonly LinkDef[] = [
  table('ProspectLists', 'contacts', 'Contacts', 'prospect_lists_prospects', 'lhs'),
  table('ProspectLists', 'leads', 'Leads', 'prospect_lists_prospects', 'lhs'),
  table('ProspectLists', 'accounts', 'Accounts', 'prospect_lists_prospects', 'lhs'),
  table('ProspectLists', 'users', 'Users', 'prospect_lists_prospects', 'lhs'),
  table('Contacts', 'prospect_lists', 'ProspectLists', 'prospect_lists_prospects', 'rhs'),
  table('Leads', 'prospect_lists', 'ProspectLists', 'prospect_lists_prospects', 'rhs'),
  table('Opportunities', 'contacts', 'Contacts', 'opportunities_contacts', 'lhs'),
  table('Contacts', 'opportunities', 'Opportunities', 'opportunities_contacts', 'rhs'),
  table('ProspectLists', 'campaigns', 'Campaigns', 'prospect_list_campaigns', 'lhs'),
  table('Campaigns', 'prospectlists', 'ProspectLists', 'prospect_list_campaigns', 'rhs'),
  byField('Accounts', 'contacts', 'Contacts', 'account_id', 'related'),
  byField('Accounts', 'opportunities', 'Opportunities', 'account_id', 'related'),
  byField('Contacts', 'accounts', 'Accounts', 'account_id', 'self'),
  byField('Opportunities', 'accounts', 'Accounts', 'account_id', 'self'),
];

export function linkOf(module: string, name: string): LinkDef | undefined {
  return LINKS.find((l) => l.module === module && l.name === name);
}

export function relationshipOf(name: string): RelationshipDef {
  const rel = RELATIONSHIPS.find((r) => r.name === name);
  if (!rel) throw new Error(`unknown Sugar relationship ${name}`);
  return rel;
}
