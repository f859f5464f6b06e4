import type { CompareOp, FilterNode, Literal } from '../odata/filter-ast';
import { edmType, resolveProperty } from '../odata/properties';
import { ODataQueryError } from '../odata/query-error';
import { tableByLogicalName } from '../schema/tables';
import type { TableDef } from '../schema/types';

/** The FetchXML a dynamic marketing list stores in `query`: its members are the rows it matches. */
export function dynamicListQuery(target: 'contact' | 'lead', tier: number): string {
  return `<fetch version="1.0" output-format="xml-platform" mapping="logical" distinct="false"><entity name="${target}"><attribute name="${target}id" /><filter type="and"><condition attribute="new_customertier" operator="eq" value="${tier}" /><condition attribute="statecode" operator="eq" value="0" /></filter></entity></fetch>`;
}

export interface FetchQuery {
  table: TableDef;
  filter: FilterNode | undefined;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

function literalFor(table: TableDef, attribute: string, raw: string): Literal {
  const edm = edmType(resolveProperty(table, attribute));
  if (edm === 'Edm.String') return { type: 'string', value: raw };
  if (edm === 'Edm.Boolean') return { type: 'boolean', value: raw === '1' || raw === 'true' };
  if (edm === 'Edm.Guid') return { type: 'guid', value: raw.toLowerCase().replace(/[{}]/g, '') };
  if (edm === 'Edm.Date' || edm === 'Edm.DateTimeOffset') return { type: raw.length === 10 ? 'date' : 'datetime', value: raw };
  return { type: 'number', value: Number(raw) };
}

/**
 * Reads the FetchXML subset dynamic lists use: one entity, and one filter (and/or) of conditions
 * with eq, ne, gt, ge, lt, le, like, null and not-null. Link-entities and nested filters are refused.
 */
export function parseFetchXml(xml: string): FetchQuery {
  const entity = /<entity\s+name="([^"]+)"/.exec(xml)?.[1];
  const table = entity ? tableByLogicalName(entity) : undefined;
  if (!table) throw new ODataQueryError(`FetchXML names no known entity: ${entity ?? '(none)'}.`);
  if (/<link-entity|<filter[^>]*>[^]*<filter/.test(xml)) throw new ODataQueryError('This emulator reads FetchXML with one filter and no link-entity only.');
  const type = /<filter[^>]*type="(and|or)"/.exec(xml)?.[1] ?? 'and';
  const nodes: FilterNode[] = [];
  for (const [tag] of xml.matchAll(/<condition\b[^>]*\/?>/g)) {
    const attribute = attr(tag, 'attribute') ?? '';
    const operator = attr(tag, 'operator') ?? '';
    const raw = attr(tag, 'value') ?? '';
    const property = resolveProperty(table, attribute).type.match(/Lookup|Owner|Customer/) ? `_${attribute}_value` : attribute;
    if (operator === 'null' || operator === 'not-null') nodes.push({ kind: 'compare', op: operator === 'null' ? 'eq' : 'ne', property, value: { type: 'null', value: null } });
    else if (operator === 'like') {
      const inner = raw.replace(/^%|%$/g, '');
      const name = raw.startsWith('%') && raw.endsWith('%') ? 'contains' : raw.endsWith('%') ? 'startswith' : 'endswith';
      nodes.push({ kind: 'function', name, property, value: inner });
    } else if (['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(operator)) nodes.push({ kind: 'compare', op: operator as CompareOp, property, value: literalFor(table, attribute, raw) });
    else throw new ODataQueryError(`The FetchXML operator '${operator}' is not supported by this emulator.`);
  }
  const filter = nodes.reduce<FilterNode | undefined>((acc, node) => (acc ? { kind: type as 'and' | 'or', left: acc, right: node } : node), undefined);
  return { table, filter };
}
