import { SdkComponent, type LogLevel as TemporalLogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../domain/logging/logger';

const LEVELS: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's log lines (worker state, activity failures and retries, workflow task
 * problems, the activity context logger) as our JSON lines. Workflow lines name the workflow
 * execution `runId`; it becomes `workflowRunId`, as activity lines already call it, since `runId`
 * in our lines is always a crm-sync run (log-context-interceptor.ts adds it to activity lines).
 */
export class TemporalJsonLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: TemporalLogLevel, message: string, meta: LogMetadata = {}): void {
    const { runId, ...rest } = meta as Record<string, unknown>;
    const fields = runId !== undefined && rest.sdkComponent === SdkComponent.workflow ? { ...rest, workflowRunId: runId } : meta;
    this.logger[LEVELS[level]](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * The SDK runtime of a worker process: its logs, the native core's included, through `logger`, and,
 * with `metricsAddress`, the SDK's own worker metrics (task slots, poll and schedule-to-start
 * latencies, activity and workflow outcomes per type and task queue) served for Prometheus at
 * `http://<metricsAddress>/metrics`, named the Prometheus way (`_total` counters, seconds).
 * Must run before the first Temporal connection of the process creates the runtime; in a process
 * whose runtime exists already (`npm start` running a second part, a test) nothing changes, and
 * this says so by returning false.
 */
export function installTemporalRuntime(logger: Logger, options: { metricsAddress?: string } = {}): boolean {
  const metrics = options.metricsAddress
    ? { metrics: { prometheus: { bindAddress: options.metricsAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } } }
    : {};
  try {
    Runtime.install({ logger: new TemporalJsonLogger(logger), telemetryOptions: { logging: { forward: {} }, ...metrics } });
    return true;
  } catch {
    return false;
  }
}
