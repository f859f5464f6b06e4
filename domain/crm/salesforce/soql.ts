/** SOQL is built here and nowhere else; identifiers and literals are checked because SOQL has no parameters. */
import type { ChangeCursor } from '../connector';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const RECORD_ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid Salesforce field or object name: ${JSON.stringify(name)}`);
  return name;
}

export function idLiteral(id: string): string {
  if (!RECORD_ID.test(id)) throw new Error(`not a valid Salesforce record id: ${JSON.stringify(id)}`);
  return `'${id}'`;
}

/** SOQL datetime literal (unquoted). Salesforce stamps whole seconds; milliseconds are kept only when present. */
export function datetimeLiteral(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`not a valid instant: ${JSON.stringify(iso)}`);
  const text = instant.toISOString();
  return instant.getUTCMilliseconds() === 0 ? text.replace('.000Z', 'Z') : text;
}

function selectList(fields: string[]): string {
  return [...new Set(['Id', 'SystemModstamp', ...fields])].map(assertIdentifier).join(', ');
}

export function buildSelectAll(object: string, fields: string[]): string {
  return `SELECT ${selectList(fields)} FROM ${assertIdentifier(object)} ORDER BY SystemModstamp ASC, Id ASC`;
}

/** Bulk API 2.0 query jobs: every field, no ORDER BY (Salesforce advises against sorting bulk queries). */
export function buildBulkSelectAll(object: string, fields: string[]): string {
  return `SELECT ${selectList(fields)} FROM ${assertIdentifier(object)}`;
}

/** Strictly after a (stamp, id) position: later stamp, or the same stamp and a greater id. */
function afterCursor(cursor: ChangeCursor): string {
  const stamp = datetimeLiteral(cursor.stamp);
  return `(SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > ${idLiteral(cursor.id)}))`;
}

function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * One keyset page in (SystemModstamp, Id) order. Each page is a fresh query positioned by the last
 * stored record, so a checkpoint stays valid for as long as needed (server-side cursors expire).
 */
export function buildChangedPageQuery(request: { object: string; fields: string[]; since?: string; after?: ChangeCursor; pageSize: number }): string {
  const conditions: string[] = [];
  if (request.since) conditions.push(`SystemModstamp >= ${datetimeLiteral(request.since)}`);
  if (request.after) conditions.push(afterCursor(request.after));
  return (
    `SELECT ${selectList(request.fields)} FROM ${assertIdentifier(request.object)}${whereClause(conditions)}` +
    ` ORDER BY SystemModstamp ASC, Id ASC LIMIT ${pageSize(request.pageSize)}`
  );
}

/** For queryAll: records in the recycle bin, in the same keyset order. */
export function buildDeletedPageQuery(request: { object: string; since?: string; after?: ChangeCursor; pageSize: number }): string {
  const conditions = ['IsDeleted = true'];
  if (request.since) conditions.push(`SystemModstamp >= ${datetimeLiteral(request.since)}`);
  if (request.after) conditions.push(afterCursor(request.after));
  return (
    `SELECT Id, SystemModstamp FROM ${assertIdentifier(request.object)}${whereClause(conditions)}` +
    ` ORDER BY SystemModstamp ASC, Id ASC LIMIT ${pageSize(request.pageSize)}`
  );
}

export function buildIdPageQuery(request: { object: string; afterId?: string; pageSize: number }): string {
  const where = request.afterId ? ` WHERE Id > ${idLiteral(request.afterId)}` : '';
  return `SELECT Id FROM ${assertIdentifier(request.object)}${where} ORDER BY Id ASC LIMIT ${pageSize(request.pageSize)}`;
}

/** A campaign's members as Salesforce lists them now: ids only, read with query/queryMore (2,000 rows per page). */
export function buildCampaignMembersQuery(campaignId: string): string {
  return `SELECT Id, ContactId, LeadId FROM CampaignMember WHERE CampaignId = ${idLiteral(campaignId)}`;
}

export const MAX_IDS_PER_QUERY = 200;

export function buildByIdsQuery(request: { object: string; fields: string[]; ids: string[] }): string {
  if (request.ids.length === 0 || request.ids.length > MAX_IDS_PER_QUERY) {
    throw new Error(`between 1 and ${MAX_IDS_PER_QUERY} ids per query, got ${request.ids.length}`);
  }
  return `SELECT ${selectList(request.fields)} FROM ${assertIdentifier(request.object)} WHERE Id IN (${request.ids.map(idLiteral).join(', ')})`;
}

function pageSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2000) throw new Error(`page size must be an integer from 1 to 2000, got ${n}`);
  return n;
}
