import { proxyActivities } from '@temporalio/workflow';
import type { createAlertActivities } from '../activities/alerts';

const bookkeeping = proxyActivities<ReturnType<typeof createAlertActivities>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });
/** A webhook that is down gets several tries over a few minutes before the alert is marked undeliverable. */
const delivery = proxyActivities<ReturnType<typeof createAlertActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 6 },
});

/**
 * Started every minute by the alerts schedule: raises alerts for failed runs and stale CRM data,
 * resolves the ones that recovered, and sends new ones to the alerts webhook.
 */
export async function monitorAlerts(): Promise<{ delivered: number; failed: number }> {
  const pending = await bookkeeping.raiseAlerts();
  let delivered = 0;
  let failed = 0;
  for (const alertId of pending) {
    try {
      await delivery.deliverAlert({ alertId });
      delivered += 1;
    } catch {
      await bookkeeping.markAlertUndeliverable({ alertId });
      failed += 1;
    }
  }
  return { delivered, failed };
}
