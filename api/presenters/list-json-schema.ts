/** The JSON of a list (presentList), its members (presentMember) and the lists answers. */
import { z } from 'zod';
import { instant, pageJson } from './common-json';
import { scheduleJson, scheduleStateJson } from './schedule-json-schema';

/** Campaign lists name their campaign, filter lists their object and clause; all_leads/all_contacts neither. */
export const listSourceJson = z
  .object({
    kind: z.string(),
    campaignId: z.string().nullable().optional(),
    campaignName: z.string().nullable().optional(),
    object: z.string().optional(),
    where: z.string().optional(),
  })
  .strict();

export const listSyncSettingsJson = z
  .object({
    pull: z.object({ add: z.boolean(), update: z.boolean(), remove: z.boolean(), updateFields: z.array(z.string()) }).strict(),
    push: z.object({ update: z.boolean(), fields: z.array(z.string()), createRecords: z.boolean() }).strict(),
    freshnessMinutes: z.number(),
    bulkThreshold: z.number(),
  })
  .strict();

export const listJson = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    name: z.string(),
    source: listSourceJson,
    fields: z.array(z.string()),
    syncSettings: listSyncSettingsJson,
    schedule: scheduleJson.nullable(),
    memberCount: z.number().int(),
    importedAt: instant.nullable(),
    lastSyncAt: instant.nullable(),
    lastRunId: z.string().nullable(),
    dataAsOf: instant.nullable(),
    createdAt: instant.nullable(),
  })
  .strict();

export const listMemberJson = z
  .object({
    crmId: z.string(),
    type: z.string(),
    values: z.record(z.string(), z.unknown()),
    behaviorScore: z.number().nullable(),
    joinedAt: instant,
    updatedAt: instant,
  })
  .strict();

/** GET /api/v1/lists */
export const listsJson = z.object({ lists: z.array(listJson) }).strict();
/** GET /api/v1/lists/:id: the list and whether Temporal holds its schedule. */
export const listDetailJson = listJson.extend({ scheduleState: scheduleStateJson }).strict();
/** POST /api/v1/lists: the list, and the import run that fills it. */
export const listCreatedJson = z.object({ id: z.string(), runId: z.string(), list: listJson }).strict();
/** PUT /api/v1/lists/:id/schedule */
export const listScheduleJson = z.object({ schedule: scheduleJson.nullable(), scheduleState: scheduleStateJson }).strict();
/** PUT /api/v1/lists/:id/sync-settings */
export const listSyncSettingsChangedJson = z.object({ syncSettings: listSyncSettingsJson }).strict();
/** GET /api/v1/lists/:id/members (format=json) */
export const listMembersPageJson = z.object({ members: z.array(listMemberJson), page: pageJson }).strict();

export type ListJson = z.infer<typeof listJson>;
export type ListMemberJson = z.infer<typeof listMemberJson>;
