/**
 * The benchmark's hand-written answer to "Contacts whose Account is in <industry> and who have an
 * Opportunity that is <stage> AND over <amount>": the fewest, narrowest finds that give the same
 * member set, joined in memory. Large `$in` lists are avoided on purpose: FerretDB v1 tests them
 * element by element for every document, while reading a projected collection once is cheap.
 */
import type { Models } from '../../domain/models';

export interface HandQueryInput {
  listId: string;
  connectionId: string;
  industry: string;
  stage: string;
  amountOver: number;
}

async function idsOf(cursor: AsyncIterable<Record<string, unknown>>, path: (doc: Record<string, unknown>) => unknown): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const doc of cursor) {
    const value = path(doc);
    if (typeof value === 'string') ids.add(value);
  }
  return ids;
}

export async function handWrittenSegment(models: Pick<Models, 'db'>, input: HandQueryInput): Promise<Set<string>> {
  const db = models.db;
  const [accounts, opportunities] = await Promise.all([
    idsOf(db.collection('crm_account').find({ connectionId: input.connectionId, 'fields.Industry': input.industry }, { projection: { crmId: 1 }, batchSize: 5000 }), (d) => d.crmId),
    idsOf(
      db.collection('crm_opportunity').find({ connectionId: input.connectionId, 'fields.StageName': input.stage, 'fields.Amount': { $gt: input.amountOver } }, { projection: { crmId: 1 }, batchSize: 5000 }),
      (d) => d.crmId,
    ),
  ]);
  const contacts = new Set<string>();
  for await (const role of db.collection('crm_opportunitycontactrole').find({ connectionId: input.connectionId }, { projection: { 'fields.OpportunityId': 1, 'fields.ContactId': 1 }, batchSize: 5000 })) {
    const fields = role.fields as { OpportunityId?: unknown; ContactId?: unknown } | undefined;
    if (typeof fields?.ContactId === 'string' && opportunities.has(String(fields.OpportunityId))) contacts.add(fields.ContactId);
  }
  const members = new Set<string>();
  for await (const m of db.collection('list_members').find({ listId: input.listId, type: 'Contact' }, { projection: { crmId: 1, accountId: 1 }, batchSize: 5000 })) {
    if (typeof m.crmId === 'string' && contacts.has(m.crmId) && accounts.has(String(m.accountId))) members.add(m.crmId);
  }
  return members;
}
