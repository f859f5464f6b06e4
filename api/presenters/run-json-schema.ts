/** The JSON of a run (presentRun) and of the runs answers; the presenter returns exactly this type. */
import { z } from 'zod';
import { instant, labelledCount, pageJson, startedRunJson } from './common-json';

export const runStepJson = z
  .object({
    name: z.string(),
    status: z.string(),
    mode: z.string().optional(),
    reason: z.string().optional(),
    counts: z.array(labelledCount),
    durationMs: z.number().nullable(),
  })
  .strict();

/** Open records: each kind of run writes its own keys (per object counts, phase, cursor). */
const kindSpecific = z.record(z.string(), z.unknown());

export const runJson = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    connectionId: z.string(),
    listId: z.string().nullable(),
    workflowId: z.string(),
    trigger: z.string(),
    triggeredBy: z.string().nullable(),
    options: kindSpecific,
    counts: kindSpecific,
    summary: z.array(labelledCount),
    steps: z.array(runStepJson),
    contactViews: kindSpecific.nullable(),
    // The stored progress is kind-specific; the two computed numbers are always there.
    progress: z.object({ percent: z.number().nullable(), recordsPerSecond: z.number().nullable() }).passthrough().nullable(),
    apiCalls: z.number(),
    apiUsage: z.object({ used: z.number(), max: z.number() }).strict().nullable(),
    pausedReason: z.string().nullable(),
    readingStartedAt: instant.nullable(),
    queuedBehind: z.string().nullable(),
    followUpRunId: z.string().nullable(),
    error: z.object({ message: z.string(), type: z.string().nullable() }).strict().nullable(),
    createdAt: instant.nullable(),
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    durationMs: z.number().nullable(),
    elapsedMs: z.number().nullable(),
  })
  .strict();

/** What the run page says about the CRM's API limits (presenters/api-allowance.ts). */
export const apiAllowanceJson = z
  .object({
    reportedByCrm: z.boolean(),
    text: z.string(),
    rateLimitWaits: z.object({ waits: z.number(), waitedMs: z.number(), text: z.string() }).strict().nullable(),
  })
  .strict();

/** GET /api/v1/runs/:runId: one run, with its connection's API allowance. */
export const runDetailJson = runJson.extend({ apiAllowance: apiAllowanceJson.nullable() }).strict();

/** GET /api/v1/runs */
export const runsPageJson = z.object({ runs: z.array(runJson), page: pageJson }).strict();

/** A record the sync could not store: which field, its raw value and why (GET /api/v1/runs/:runId/errors). */
export const runSyncErrorJson = z
  .object({ object: z.string(), recordId: z.string(), field: z.string(), crmField: z.string(), rawValue: z.string(), reason: z.string() })
  .strict();

export const runSyncErrorsPageJson = z.object({ errors: z.array(runSyncErrorJson), page: pageJson }).strict();

/** POST /api/v1/runs/:runId/retry-failed-records: the push run started and how many records it retries. */
export const retriedRecordsJson = startedRunJson.extend({ records: z.number().int() }).strict();

export type RunJson = z.infer<typeof runJson>;
export type RunDetailJson = z.infer<typeof runDetailJson>;
export type RunsPageJson = z.infer<typeof runsPageJson>;
export type RunSyncErrorJson = z.infer<typeof runSyncErrorJson>;
