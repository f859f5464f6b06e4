import { z, type ZodTypeAny } from 'zod';
import { alertSettingsInput } from '../../domain/alerts/alert-settings';
import { connectionUpdateInput, newConnectionInput } from '../../domain/connections/connection-input';
import { newListInput, renameListInput } from '../../domain/lists/list-input';
import { listSyncSettingsInput } from '../../domain/lists/list-sync-settings';
import { connectionMappingSchema } from '../../domain/mapping/mapping';
import { stepShape } from '../../domain/programs/steps';
import { scheduleSettingsSchema } from '../../domain/schedules/schedule-settings';
import { scoringRulesInput } from '../../domain/scoring/scoring-rules';
import { runListQuery } from '../forms/run-list-query';
import { changeSegmentInput, explainQuery, newSegmentInput, previewSegmentInput, segmentListQuery, segmentMembersQuery } from '../forms/segment-input';
import { syncRequestInput } from '../forms/sync-request';
import { alertsQuery } from '../routes/alerts';
import { previewInput } from '../routes/audiences';
import { auditQuery } from '../routes/audit';
import { eventBatch } from '../routes/events-api';
import { changesQuery, conflictsQuery, pushErrorsQuery } from '../routes/list-runs-api';
import { membersQuery } from '../routes/lists-api';
import { pipelineRequest } from '../routes/pipeline';
import { retryBody } from '../routes/run-operations';
import { errorsQuery } from '../routes/runs';
import { newToken } from '../routes/tokens';
import { newUser } from '../routes/users';
import { cancelRequestedJson, retriedRunJson, startedRunJson } from '../presenters/common-json';
import { connectionCreatedJson, connectionDetailJson, connectionJson, connectionsJson, connectionTestJson } from '../presenters/connection-json';
import { alertSettingsJson, alertsJson } from '../presenters/alert-json-schema';
import { audienceCountJson } from '../presenters/audience-json-schema';
import { auditPageJson } from '../presenters/audit-json-schema';
import { scoringRulesJson, scoringRulesSavedJson } from '../presenters/scoring-json-schema';
import { programCreatedJson, programJson, programsJson } from '../presenters/program-json-schema';
import { listCreatedJson, listDetailJson, listJson, listMembersPageJson, listScheduleJson, listsJson, listSyncSettingsChangedJson } from '../presenters/list-json-schema';
import { apiTokenCreatedJson, apiTokensJson, userJson, usersJson } from '../presenters/account-json-schema';
import { fieldConflictsPageJson, membershipChangesPageJson, pushErrorsPageJson } from '../presenters/list-run-json-schema';
import { connectionScheduleChangedJson, connectionScheduleJson, scheduleTriggeredJson } from '../presenters/schedule-json-schema';
import { eventsIngestedJson } from '../presenters/events-json-schema';
import { retriedRecordsJson, runDetailJson, runsPageJson, runSyncErrorsPageJson } from '../presenters/run-json-schema';
import { segmentCreatedJson, segmentJson, segmentMembersPageJson, segmentPreviewJson, segmentsJson } from '../presenters/segment-json-schema';

/**
 * One JSON API operation as the OpenAPI document describes it. `query` and `body` are the zod
 * schemas the route validates with, imported from where the route takes them, so the document
 * changes when validation does; path parameters come from the path.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express syntax, exactly as registered (`/api/v1/connections/:id`). */
  path: string;
  tag: string;
  summary: string;
  query?: z.AnyZodObject | z.ZodEffects<z.AnyZodObject>;
  body?: ZodTypeAny;
  /** Status of a successful answer; 200 unless said. A 204 has no body. */
  status?: number;
  /** The schema of the successful answer's body, from the presenters that produce it; absent where none is written yet. */
  response?: ZodTypeAny;
}

/** Routes that take no body refuse any: `{}` or nothing. */
const noBody = z.object({}).strict();

/**
 * A program's body is checked by validateProgramInput (api/services/program-store.ts), which also
 * checks the list's fields; this is its shape from the same step and schedule schemas.
 */
const programBody = z.object({
  name: z.string(),
  listId: z.string(),
  connectionId: z.string().optional(),
  steps: z.array(stepShape),
  schedule: scheduleSettingsSchema.optional(),
});

export const API_OPERATIONS: readonly ApiOperation[] = [
  { method: 'get', path: '/api/v1/openapi.json', tag: 'meta', summary: 'This document' },

  { method: 'get', path: '/api/v1/connections', tag: 'connections', summary: 'List connections', response: connectionsJson },
  { method: 'post', path: '/api/v1/connections', tag: 'connections', summary: 'Create a connection', body: newConnectionInput, status: 201, response: connectionCreatedJson },
  { method: 'get', path: '/api/v1/connections/:id', tag: 'connections', summary: 'Read a connection (secrets never included)', response: connectionDetailJson },
  { method: 'put', path: '/api/v1/connections/:id', tag: 'connections', summary: 'Change a connection', body: connectionUpdateInput, response: connectionJson },
  { method: 'delete', path: '/api/v1/connections/:id', tag: 'connections', summary: 'Remove a connection', status: 204 },
  { method: 'post', path: '/api/v1/connections/:id/test', tag: 'connections', summary: 'Test the stored credentials', response: connectionTestJson },
  { method: 'post', path: '/api/v1/connections/:id/syncs', tag: 'connections', summary: 'Start a CRM Administration sync', body: syncRequestInput, status: 202, response: startedRunJson },
  { method: 'get', path: '/api/v1/connections/:id/contacts/:crmId', tag: 'connections', summary: "One contact's page as JSON" },
  { method: 'get', path: '/api/v1/connections/:id/mapping', tag: 'mapping', summary: "Read a connection's field mapping" },
  { method: 'put', path: '/api/v1/connections/:id/mapping', tag: 'mapping', summary: 'Save the field mapping', body: connectionMappingSchema },
  { method: 'post', path: '/api/v1/connections/:id/pipeline-runs', tag: 'pipeline', summary: 'Start a pipeline run', body: pipelineRequest, status: 202, response: startedRunJson },
  { method: 'get', path: '/api/v1/connections/:id/schedule', tag: 'pipeline', summary: "Read the connection's pipeline schedule", response: connectionScheduleJson },
  { method: 'put', path: '/api/v1/connections/:id/schedule', tag: 'pipeline', summary: 'Set the pipeline schedule', body: scheduleSettingsSchema, response: connectionScheduleChangedJson },
  { method: 'post', path: '/api/v1/connections/:id/schedule/run-now', tag: 'pipeline', summary: 'Run the schedule now', status: 202, response: scheduleTriggeredJson },

  { method: 'get', path: '/api/v1/runs', tag: 'runs', summary: 'List runs', query: runListQuery, response: runsPageJson },
  { method: 'get', path: '/api/v1/runs/:runId', tag: 'runs', summary: 'Read a run', response: runDetailJson },
  { method: 'get', path: '/api/v1/runs/:runId/errors', tag: 'runs', summary: "A run's record errors", query: errorsQuery, response: runSyncErrorsPageJson },
  { method: 'post', path: '/api/v1/runs/:runId/cancel', tag: 'runs', summary: 'Cancel a run', body: noBody, status: 202, response: cancelRequestedJson },
  { method: 'post', path: '/api/v1/runs/:runId/retry', tag: 'runs', summary: 'Retry a run', body: retryBody, status: 202, response: retriedRunJson },
  { method: 'get', path: '/api/v1/runs/:runId/membership-changes', tag: 'runs', summary: "A list run's membership changes", query: changesQuery, response: membershipChangesPageJson },
  { method: 'get', path: '/api/v1/runs/:runId/push-errors', tag: 'runs', summary: "A list run's push errors", query: pushErrorsQuery, response: pushErrorsPageJson },
  { method: 'get', path: '/api/v1/runs/:runId/conflicts', tag: 'runs', summary: "A list run's conflicts", query: conflictsQuery, response: fieldConflictsPageJson },
  { method: 'post', path: '/api/v1/runs/:runId/retry-failed-records', tag: 'runs', summary: 'Push the failed records again', body: noBody, status: 202, response: retriedRecordsJson },

  { method: 'get', path: '/api/v1/lists', tag: 'lists', summary: 'List marketing lists', response: listsJson },
  { method: 'post', path: '/api/v1/lists', tag: 'lists', summary: 'Create a list', body: newListInput, status: 201, response: listCreatedJson },
  { method: 'get', path: '/api/v1/lists/:id', tag: 'lists', summary: 'Read a list', response: listDetailJson },
  { method: 'put', path: '/api/v1/lists/:id', tag: 'lists', summary: 'Rename a list', body: renameListInput, response: listJson },
  { method: 'delete', path: '/api/v1/lists/:id', tag: 'lists', summary: 'Remove a list', status: 204 },
  { method: 'put', path: '/api/v1/lists/:id/schedule', tag: 'lists', summary: "Set the list's schedule", body: scheduleSettingsSchema, response: listScheduleJson },
  { method: 'put', path: '/api/v1/lists/:id/sync-settings', tag: 'lists', summary: "Change the list's sync settings", body: listSyncSettingsInput, response: listSyncSettingsChangedJson },
  { method: 'post', path: '/api/v1/lists/:id/syncs', tag: 'lists', summary: 'Start a list sync', body: noBody, status: 202, response: startedRunJson },
  { method: 'get', path: '/api/v1/lists/:id/members', tag: 'lists', summary: "A list's members (JSON, or CSV with format=csv)", query: membersQuery, response: listMembersPageJson },
  { method: 'post', path: '/api/v1/audiences/preview', tag: 'lists', summary: 'Preview an audience of lists and segments', body: previewInput, response: audienceCountJson },
  { method: 'post', path: '/api/v1/events', tag: 'lists', summary: 'Record engagement events', body: eventBatch, response: eventsIngestedJson },

  { method: 'get', path: '/api/v1/segments', tag: 'segments', summary: 'List segments', query: segmentListQuery, response: segmentsJson },
  { method: 'post', path: '/api/v1/segments', tag: 'segments', summary: 'Create a segment', body: newSegmentInput, status: 201, response: segmentCreatedJson },
  { method: 'post', path: '/api/v1/segments/preview', tag: 'segments', summary: 'Preview a segment query', body: previewSegmentInput, response: segmentPreviewJson },
  { method: 'get', path: '/api/v1/segments/:id', tag: 'segments', summary: 'Read a segment', response: segmentJson },
  { method: 'put', path: '/api/v1/segments/:id', tag: 'segments', summary: 'Change a segment', body: changeSegmentInput, response: segmentJson },
  { method: 'delete', path: '/api/v1/segments/:id', tag: 'segments', summary: 'Remove a segment', status: 204 },
  { method: 'post', path: '/api/v1/segments/:id/refreshes', tag: 'segments', summary: 'Refresh a segment', body: noBody, status: 202, response: startedRunJson },
  { method: 'get', path: '/api/v1/segments/:id/members', tag: 'segments', summary: "A segment's members (JSON, or CSV with format=csv)", query: segmentMembersQuery, response: segmentMembersPageJson },
  { method: 'get', path: '/api/v1/segments/:id/explain', tag: 'segments', summary: 'Why a record is in the segment or not', query: explainQuery },

  { method: 'get', path: '/api/v1/programs', tag: 'programs', summary: 'List programs', response: programsJson },
  { method: 'post', path: '/api/v1/programs', tag: 'programs', summary: 'Create a program', body: programBody, status: 201, response: programCreatedJson },
  { method: 'get', path: '/api/v1/programs/:id', tag: 'programs', summary: 'Read a program with its runs', response: programJson },
  { method: 'put', path: '/api/v1/programs/:id', tag: 'programs', summary: 'Change a program', body: programBody, response: programJson },
  { method: 'delete', path: '/api/v1/programs/:id', tag: 'programs', summary: 'Remove a program', status: 204 },
  { method: 'post', path: '/api/v1/programs/:id/runs', tag: 'programs', summary: 'Run a program now', body: noBody, status: 202, response: startedRunJson },
  { method: 'get', path: '/api/v1/scoring-rules', tag: 'programs', summary: 'Read the scoring rules', response: scoringRulesJson },
  { method: 'put', path: '/api/v1/scoring-rules', tag: 'programs', summary: 'Save the scoring rules', body: scoringRulesInput, response: scoringRulesSavedJson },

  { method: 'get', path: '/api/v1/alerts', tag: 'settings', summary: 'List alerts', query: alertsQuery, response: alertsJson },
  { method: 'get', path: '/api/v1/settings/alerts', tag: 'settings', summary: 'Read the alert settings', response: alertSettingsJson },
  { method: 'put', path: '/api/v1/settings/alerts', tag: 'settings', summary: 'Save the alert settings', body: alertSettingsInput, response: alertSettingsJson },
  { method: 'get', path: '/api/v1/audit', tag: 'settings', summary: 'The audit log', query: auditQuery, response: auditPageJson },
  { method: 'get', path: '/api/v1/tokens', tag: 'settings', summary: 'List API tokens', response: apiTokensJson },
  { method: 'post', path: '/api/v1/tokens', tag: 'settings', summary: 'Create an API token (shown once)', body: newToken, status: 201, response: apiTokenCreatedJson },
  { method: 'delete', path: '/api/v1/tokens/:id', tag: 'settings', summary: 'Revoke an API token', status: 204 },
  { method: 'get', path: '/api/v1/users', tag: 'settings', summary: 'List users', response: usersJson },
  { method: 'post', path: '/api/v1/users', tag: 'settings', summary: 'Create a user', body: newUser, status: 201, response: userJson },
];
