import type { Client } from '@temporalio/client';

/**
 * Resolves when the Temporal frontend answers; the cheapest call the SDK itself makes on connect.
 * The gRPC deadline ends the call itself, so a hung server leaves no request behind.
 */
export async function pingTemporal(temporal: Pick<Client, 'connection' | 'workflowService'>, timeoutMs: number): Promise<void> {
  await temporal.connection.withDeadline(Date.now() + timeoutMs, () => temporal.workflowService.getSystemInfo({}));
}
