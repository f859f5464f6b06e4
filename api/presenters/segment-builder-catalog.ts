/**
 * What the segment builder script needs to offer choices: per condition object, the fields a
 * segment can filter on with their kind and picklist values, and the operators of each kind.
 * Kinds come from the same resolver validation uses, so the builder never offers what a save refuses.
 */
import { resolveField, type CatalogCrmObject, type FieldKind, type SegmentFieldCatalog } from '../../domain/segments/catalog';
import { OPERATORS_BY_KIND } from '../../domain/segments/operators';
import { BEHAVIOR_SCORE_FIELD, PERSON_CONDITION_OBJECTS, RELATED_OBJECTS, WHERE_OBJECTS, type PersonConditionObject, type WhereObject } from '../../domain/segments/query';

export interface BuilderField {
  name: string;
  label: string;
  kind: FieldKind;
  /** The values a condition holds (what is stored and compared). */
  picklistValues?: string[];
  /** Value → label, where the CRM stores a code: the builder shows the label and saves the value. */
  picklistLabels?: Record<string, string>;
}

type CatalogSource = CatalogCrmObject | 'Marketing';

const SOURCE_OF: Record<PersonConditionObject | WhereObject, CatalogSource[]> = {
  Member: ['Lead', 'Contact'],
  Marketing: ['Marketing'],
  Account: ['Account'],
  Owner: ['User'],
  Opportunity: ['Opportunity'],
  CampaignMember: ['CampaignMember'],
  Campaign: ['Campaign'],
};

function fieldsOf(catalog: SegmentFieldCatalog, object: PersonConditionObject | WhereObject): BuilderField[] {
  const seen = new Map<string, BuilderField>();
  const candidates = SOURCE_OF[object].flatMap((source) => (catalog[source] as { name: string; label?: string; picklistValues?: string[]; picklistLabels?: Record<string, string> }[]).map((f) => ({ source, f })));
  if (object === 'Marketing' && !candidates.some(({ f }) => f.name === BEHAVIOR_SCORE_FIELD)) candidates.push({ source: 'Marketing', f: { name: BEHAVIOR_SCORE_FIELD, label: 'Behaviour score' } });
  for (const { source, f } of candidates) {
    if (seen.has(f.name)) continue;
    const lookup = resolveField(catalog, object, f.name);
    if (!lookup.ok) continue;
    const label = f.label ?? f.name;
    seen.set(f.name, {
      name: f.name,
      label: object === 'Member' ? `${label}${SOURCE_OF.Member.every((s) => catalog[s].some((x) => x.name === f.name)) ? '' : ` (${source} only)`}` : label,
      kind: lookup.fields[0].kind,
      ...(f.picklistValues?.length ? { picklistValues: f.picklistValues } : {}),
      ...(f.picklistValues?.length && f.picklistLabels ? { picklistLabels: f.picklistLabels } : {}),
    });
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The builder's names for the query's object words, from the connection's CRM: a Dynamics builder
 * offers "Marketing list member" conditions where a Salesforce one offers "Campaign member".
 */
function labelsOf(catalog: SegmentFieldCatalog): Record<PersonConditionObject | WhereObject, string> {
  const { labels } = catalog.schema;
  return {
    Member: `${labels.Contact} / ${labels.Lead}`,
    Marketing: 'Marketing fields',
    Account: labels.Account,
    Owner: 'Owner',
    Opportunity: labels.Opportunity,
    CampaignMember: labels.CampaignMember,
    Campaign: labels.Campaign,
  };
}

export function presentBuilderCatalog(catalog: SegmentFieldCatalog) {
  const objects = Object.fromEntries([...PERSON_CONDITION_OBJECTS, 'Opportunity', 'CampaignMember', 'Campaign'].map((o) => [o, fieldsOf(catalog, o as PersonConditionObject | WhereObject)]));
  return { objects, labels: labelsOf(catalog), related: RELATED_OBJECTS, whereObjects: WHERE_OBJECTS, operators: OPERATORS_BY_KIND };
}
