import { cancelRequestedJson, retriedRunJson, startedRunJson } from '../../api/presenters/common-json';
import { listScheduleJson } from '../../api/presenters/list-json-schema';
import { runDetailJson, runsPageJson } from '../../api/presenters/run-json-schema';
import { ApiError, type ApiClient } from './api-client';
import { AnswerMismatchError, readAnswer } from './answers';
import type { CliCommand } from './args';
import { formatRun, formatRunsTable, formatStarted } from './format';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const enc = encodeURIComponent;

/** Calls the API for one command and prints the answer (`--json`: as received, after it matched its schema); the exit code is 1 when the API refuses. */
export async function runCommand(api: ApiClient, command: CliCommand, json: boolean, io: CliOutput): Promise<number> {
  try {
    const { body, text } = await execute(api, command);
    io.out(json ? JSON.stringify(body, null, 2) : text);
    return 0;
  } catch (err) {
    if (err instanceof AnswerMismatchError) {
      io.err(json ? JSON.stringify({ error: { message: err.message } }, null, 2) : `error: ${err.message}`);
      return 1;
    }
    if (!(err instanceof ApiError)) throw err;
    if (json) io.err(JSON.stringify({ error: { status: err.status, message: err.message, ...(err.details ? { details: err.details } : {}) } }, null, 2));
    else io.err(`error${err.status ? ` (${err.status})` : ''}: ${err.message}`);
    return 1;
  }
}

async function execute(api: ApiClient, command: CliCommand): Promise<{ body: unknown; text: string }> {
  switch (command.verb) {
    case 'help':
      throw new Error('help is printed by the entry point');
    case 'sync': {
      const body = await api.post(`/api/v1/connections/${enc(command.connectionId)}/syncs`, { mode: command.full ? 'full' : 'incremental' });
      return { body, text: formatStarted(command.full ? 'Full sync' : 'Sync', readAnswer(startedRunJson, body, 'POST /api/v1/connections/:id/syncs')) };
    }
    case 'list-sync': {
      const body = await api.post(`/api/v1/lists/${enc(command.listId)}/syncs`);
      return { body, text: formatStarted('List sync', readAnswer(startedRunJson, body, 'POST /api/v1/lists/:id/syncs')) };
    }
    case 'runs': {
      const f = command.filters;
      const query = new URLSearchParams(
        Object.entries({ status: f.status, kind: f.kind, trigger: f.trigger, connectionId: f.connectionId, listId: f.listId, from: f.from, to: f.to, perPage: f.limit?.toString() }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      );
      const body = await api.get(`/api/v1/runs${query.size ? `?${query}` : ''}`);
      const { runs, page } = readAnswer(runsPageJson, body, 'GET /api/v1/runs');
      return { body, text: formatRunsTable(runs, page.total, Boolean(page.next)) };
    }
    case 'show': {
      const body = await api.get(`/api/v1/runs/${enc(command.runId)}`);
      return { body, text: formatRun(readAnswer(runDetailJson, body, 'GET /api/v1/runs/:runId')) };
    }
    case 'retry': {
      const body = await api.post(`/api/v1/runs/${enc(command.runId)}/retry`, command.full ? { mode: 'full' } : {});
      const retried = readAnswer(retriedRunJson, body, 'POST /api/v1/runs/:runId/retry');
      return { body, text: formatStarted(command.full ? `Full re-run of run ${retried.retryOf}` : `Retry of run ${retried.retryOf}`, retried) };
    }
    case 'cancel': {
      const body = await api.post(`/api/v1/runs/${enc(command.runId)}/cancel`);
      const { runId } = readAnswer(cancelRequestedJson, body, 'POST /api/v1/runs/:runId/cancel');
      return { body, text: `Cancel requested for run ${runId}: it stops at its next safe point and keeps what it finished.` };
    }
    case 'schedule': {
      const body = await api.put(`/api/v1/lists/${enc(command.listId)}/schedule`, command.settings);
      const { schedule, scheduleState } = readAnswer(listScheduleJson, body, 'PUT /api/v1/lists/:id/schedule');
      const next = scheduleState.nextRunTimes.slice(0, 3).map((t) => t.toISOString()).join(', ') || 'none';
      return { body, text: `Schedule of list ${command.listId}: ${JSON.stringify(schedule)}${scheduleState.paused ? ' (paused)' : ''}\nNext runs: ${next}` };
    }
  }
}
