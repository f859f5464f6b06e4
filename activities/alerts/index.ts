import { Context } from '@temporalio/activity';
import { DEFAULT_STALE_AFTER_MINUTES, openWebhookUrl } from '../../domain/alerts/alert-settings';
import { webhookAddressProblem, webhookUrlProblem } from '../../domain/alerts/webhook-target';
import { STRICT_OUTBOUND_HOSTS, type OutboundHostPolicy } from '../../domain/outbound/outbound-hosts';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';

/** Failed runs older than this are history, not alerts (a fresh install of the monitor does not page for last month). */
const RUN_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Alerts: raised from the database's state, resolved when that state recovers, delivered to the webhook. */
export function createAlertActivities({ models, box, outboundHosts = STRICT_OUTBOUND_HOSTS }: { models: Models; box?: SecretBox; outboundHosts?: OutboundHostPolicy }) {
  return {
    /** Raises alerts for new failures and stale data, resolves recovered ones; returns the alerts to deliver. */
    async raiseAlerts(): Promise<string[]> {
      const now = new Date();
      const failed = await models.Run.find({ status: 'failed', updatedAt: { $gte: new Date(now.getTime() - RUN_LOOKBACK_MS) } }, { kind: 1, connectionId: 1, error: 1, workflowId: 1, createdAt: 1 }).lean();
      for (const run of failed) {
        const message = `${run.kind} run failed: ${run.error?.message ?? 'no message'}`;
        await models.Alert.updateOne(
          { _id: `run-failed:${String(run._id)}` },
          { $setOnInsert: { kind: 'run-failed', connectionId: String(run.connectionId), runId: String(run._id), message, raisedAt: now, resolvedAt: null, delivery: { status: 'pending', attempts: 0, lastError: null, deliveredAt: null } } },
          { upsert: true },
        );
      }
      // A failure is over when the same work (same workflow id) has succeeded since.
      for (const alert of await models.Alert.find({ kind: 'run-failed', resolvedAt: null }, { runId: 1 }).lean()) {
        const run = await models.Run.findById(alert.runId, { workflowId: 1, createdAt: 1 }).lean();
        const recovered = run && (await models.Run.exists({ workflowId: run.workflowId, status: 'succeeded', createdAt: { $gt: run.createdAt } }));
        if (!run || recovered) await models.Alert.updateOne({ _id: alert._id }, { $set: { resolvedAt: now } });
      }

      const settings = await models.AlertSettings.findById('alerts', { staleAfterMinutes: 1 }).lean();
      const staleAfterMs = (settings?.staleAfterMinutes ?? DEFAULT_STALE_AFTER_MINUTES) * 60_000;
      for (const connection of await models.Connection.find({}, { name: 1 }).lean()) {
        const connectionId = String(connection._id);
        const states = await models.SyncState.find({ connectionId }, { lastSyncAt: 1 }).lean();
        if (states.length === 0) continue; // never synced: nothing is stale yet
        const oldest = Math.min(...states.map((s) => s.lastSyncAt?.getTime() ?? 0));
        const id = `data-stale:${connectionId}`;
        if (now.getTime() - oldest > staleAfterMs) {
          const message = `CRM data of '${connection.name}' is older than ${Math.round(staleAfterMs / 60_000)} minutes (last complete sync ${new Date(oldest).toISOString()})`;
          const open = await models.Alert.exists({ _id: id, resolvedAt: null });
          if (!open) {
            await models.Alert.updateOne(
              { _id: id },
              { $set: { kind: 'data-stale', connectionId, runId: null, message, raisedAt: now, resolvedAt: null, delivery: { status: 'pending', attempts: 0, lastError: null, deliveredAt: null } } },
              { upsert: true },
            );
          }
        } else {
          await models.Alert.updateOne({ _id: id, resolvedAt: null }, { $set: { resolvedAt: now } });
        }
      }
      return (await models.Alert.find({ 'delivery.status': 'pending' }, { _id: 1 }).lean()).map((a) => a._id);
    },

    /** Sends one alert to the webhook; a failed call throws, and Temporal retries it with backoff. */
    async deliverAlert({ alertId }: { alertId: string }): Promise<'delivered' | 'not-configured'> {
      const alert = await models.Alert.findById(alertId).lean();
      if (!alert || alert.delivery.status !== 'pending') return 'delivered';
      const url = box ? await openWebhookUrl(models, box) : null;
      if (!url) {
        await models.Alert.updateOne({ _id: alertId }, { $set: { 'delivery.status': 'not-configured' } });
        return 'not-configured';
      }
      await models.Alert.updateOne({ _id: alertId }, { $inc: { 'delivery.attempts': 1 } });
      const body = { id: alert._id, kind: alert.kind, message: alert.message, connectionId: alert.connectionId, runId: alert.runId, raisedAt: alert.raisedAt, attempt: Context.current().info.attempt };
      try {
        // The stored URL may predate the host rules, and its name may point elsewhere since it was saved.
        const refused = webhookUrlProblem(url, outboundHosts) ?? (await webhookAddressProblem(new URL(url), outboundHosts));
        if (refused) throw new Error(`not sent: ${refused}`);
        // Never followed: a redirect could send the alert, and the token in the URL's path, to a host nobody checked.
        const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
        await response.body?.cancel();
        if (response.status >= 300 && response.status < 400) throw new Error(`the webhook answered HTTP ${response.status}, a redirect, which is not followed: save the final URL`);
        if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
      } catch (err) {
        // The URL itself may hold a token: errors name the host only.
        const message = `${(err as Error).message} (${new URL(url).origin})`;
        await models.Alert.updateOne({ _id: alertId }, { $set: { 'delivery.lastError': message } });
        throw new Error(message);
      }
      await models.Alert.updateOne({ _id: alertId }, { $set: { 'delivery.status': 'delivered', 'delivery.deliveredAt': new Date(), 'delivery.lastError': null } });
      return 'delivered';
    },

    async markAlertUndeliverable({ alertId }: { alertId: string }): Promise<void> {
      await models.Alert.updateOne({ _id: alertId, 'delivery.status': 'pending' }, { $set: { 'delivery.status': 'failed' } });
    },
  };
}
