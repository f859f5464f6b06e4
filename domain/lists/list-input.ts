import { z } from 'zod';
import { listFilterKindAliases } from '../crm/crm-registry';
import { LIST_SOURCE_KINDS } from '../models/marketing-list';
import { listSyncSettingsInput } from './list-sync-settings';

// Wide enough for every CRM's ids (Salesforce's 15/18 characters, Dataverse guids); whether the
// record exists is checked against the synced data, which is the check that matters.
const crmId = z.string().trim().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/, 'a CRM id is letters, digits and dashes');

/**
 * A list source as the API takes it. A 'filter' source is a clause in the CRM's filter language on
 * Lead or Contact (whether the connection's CRM offers one is checked with the connection); the
 * object defaults to Lead when not given, and the response names the object used. The names CRMs
 * declare for it (its name from before it was CRM-neutral, kept for older clients) are read as 'filter'.
 */
const filterKindAliases = new Set(listFilterKindAliases());

function withCanonicalKind(source: unknown): unknown {
  if (typeof source !== 'object' || source === null || !('kind' in source)) return source;
  const kind = (source as { kind: unknown }).kind;
  return typeof kind === 'string' && filterKindAliases.has(kind) ? { ...source, kind: 'filter' } : source;
}

const canonicalSource = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('campaign'), campaignId: crmId }).strict(),
    z.object({ kind: z.literal('all_leads') }).strict(),
    z.object({ kind: z.literal('all_contacts') }).strict(),
    z
      .object({
        kind: z.literal('filter'),
        object: z.enum(['Lead', 'Contact']).default('Lead'),
        where: z.string().trim().min(1, 'a filter clause is required').max(4000, 'at most 4,000 characters'),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: `source.kind must be one of ${LIST_SOURCE_KINDS.join(', ')}` }) },
);
export const listSourceInput = z.preprocess(withCanonicalKind, canonicalSource);
export type ListSourceInput = z.infer<typeof canonicalSource>;

export const newListInput = z
  .object({
    connectionId: z.string().regex(/^[a-f0-9]{24}$/, 'not a connection id'),
    name: z.string().trim().min(1, 'a name is required').max(120, 'at most 120 characters'),
    source: listSourceInput,
    /** Marketing fields to copy; all mapped fields when absent. Email is always copied. */
    fields: z.array(z.string().trim().min(1).max(80)).min(1, 'choose at least one field').max(200).optional(),
    syncSettings: listSyncSettingsInput.optional(),
  })
  .strict();
export type NewListInput = z.infer<typeof newListInput>;

export const renameListInput = z.object({ name: z.string().trim().min(1, 'a name is required').max(120, 'at most 120 characters') }).strict();
