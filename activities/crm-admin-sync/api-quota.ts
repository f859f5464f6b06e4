import { completeSyncSettings } from '../../domain/connections/connection-input';
import { CrmError } from '../../domain/crm/connector';
import { usageLeavesReserve } from './api-guard';
import { createRunWriter, openSyncContext, type SyncDeps } from './sync-context';

export function createApiQuotaActivity(deps: SyncDeps) {
  return {
    /** Asks the CRM for its daily usage (one call): may a paused sync go on? */
    async checkApiQuota(input: { connectionId: string; runId: string }): Promise<{ ok: boolean; used: number; max: number; reservePercent: number }> {
      const ctx = await openSyncContext(deps, input.connectionId);
      const writeRun = createRunWriter(deps, input.runId, ctx.connector);
      try {
        const usage = await ctx.connector.fetchApiUsage();
        return { ok: usageLeavesReserve(usage, ctx.settings.apiReservePercent), ...usage, reservePercent: ctx.settings.apiReservePercent };
      } catch (err) {
        // The CRM refusing even this call means the quota is still exhausted: keep waiting.
        if (err instanceof CrmError && err.crmCode === 'REQUEST_LIMIT_EXCEEDED') {
          return { ok: false, used: ctx.connector.apiUsage?.used ?? -1, max: ctx.connector.apiUsage?.max ?? -1, reservePercent: ctx.settings.apiReservePercent };
        }
        throw err;
      } finally {
        await writeRun();
      }
    },
    /** The pause length from the connection's settings, read at pause time so an admin's change applies. */
    async apiLimitPauseSeconds(connectionId: string): Promise<number> {
      const connection = await deps.models.Connection.findById(connectionId, { syncSettings: 1 }).lean();
      return completeSyncSettings(connection?.syncSettings).apiLimitPauseSeconds;
    },
  };
}
