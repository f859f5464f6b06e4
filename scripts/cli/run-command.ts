import { ApiError, type ApiClient } from './api-client';
import type { CliCommand } from './args';
import { formatRun, formatRunsTable, formatStarted, type RunView } from './format';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

type Started = { runId: string; joined: boolean; queuedBehind?: string; fullSyncQueued?: boolean };

const enc = encodeURIComponent;

/** Calls the API for one command and prints the answer; the exit code is 1 when the API refuses. */
export async function runCommand(api: ApiClient, command: CliCommand, json: boolean, io: CliOutput): Promise<number> {
  try {
    const { body, text } = await execute(api, command);
    io.out(json ? JSON.stringify(body, null, 2) : text);
    return 0;
  } catch (err) {
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
      const body = (await api.post(`/api/v1/connections/${enc(command.connectionId)}/syncs`, { mode: command.full ? 'full' : 'incremental' })) as Started;
      return { body, text: formatStarted(command.full ? 'Full sync' : 'Sync', body) };
    }
    case 'list-sync': {
      const body = (await api.post(`/api/v1/lists/${enc(command.listId)}/syncs`)) as Started;
      return { body, text: formatStarted('List sync', body) };
    }
    case 'runs': {
      const f = command.filters;
      const query = new URLSearchParams(
        Object.entries({ status: f.status, kind: f.kind, trigger: f.trigger, connectionId: f.connectionId, listId: f.listId, from: f.from, to: f.to, perPage: f.limit?.toString() }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      );
      const body = (await api.get(`/api/v1/runs${query.size ? `?${query}` : ''}`)) as { runs: RunView[]; page: { total: number; next?: string | null } };
      return { body, text: formatRunsTable(body.runs, body.page.total, Boolean(body.page.next)) };
    }
    case 'show': {
      const body = (await api.get(`/api/v1/runs/${enc(command.runId)}`)) as RunView;
      return { body, text: formatRun(body) };
    }
    case 'retry': {
      const body = (await api.post(`/api/v1/runs/${enc(command.runId)}/retry`, command.full ? { mode: 'full' } : {})) as Started & { retryOf: string };
      return { body, text: formatStarted(command.full ? `Full re-run of run ${body.retryOf}` : `Retry of run ${body.retryOf}`, body) };
    }
    case 'cancel': {
      const body = (await api.post(`/api/v1/runs/${enc(command.runId)}/cancel`)) as { runId: string; status: string };
      return { body, text: `Cancel requested for run ${body.runId}: it stops at its next safe point and keeps what it finished.` };
    }
    case 'schedule': {
      const body = (await api.put(`/api/v1/lists/${enc(command.listId)}/schedule`, command.settings)) as {
        schedule: Record<string, unknown>;
        scheduleState: { paused: boolean; nextRunTimes: string[] };
      };
      const next = body.scheduleState.nextRunTimes.slice(0, 3).join(', ') || 'none';
      return { body, text: `Schedule of list ${command.listId}: ${JSON.stringify(body.schedule)}${body.scheduleState.paused ? ' (paused)' : ''}\nNext runs: ${next}` };
    }
  }
}
