import { z } from 'zod';
import { LIST_SOURCE_KINDS } from '../models/marketing-list';
import { listSyncSettingsInput } from './list-sync-settings';

const crmId = z.string().trim().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'a CRM id has 15 or 18 letters and digits');

/**
 * A list source as the API takes it. A 'soql' source is a WHERE clause on Lead or Contact; the
 * object defaults to Lead when not given (the shape has no object field), and the response
 * names the object used.
 */
export const listSourceInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('campaign'), campaignId: crmId }).strict(),
    z.object({ kind: z.literal('all_leads') }).strict(),
    z.object({ kind: z.literal('all_contacts') }).strict(),
    z
      .object({
        kind: z.literal('soql'),
        object: z.enum(['Lead', 'Contact']).default('Lead'),
        where: z.string().trim().min(1, 'a WHERE clause is required').max(4000, 'at most 4,000 characters'),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: `source.kind must be one of ${LIST_SOURCE_KINDS.join(', ')}` }) },
);
export type ListSourceInput = z.infer<typeof listSourceInput>;

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
