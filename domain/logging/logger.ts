import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './log-levels';
import { redactSecrets } from './redact';

export type { Logger, LogLevel };

/** Which process part wrote a line: `api`, `worker`, `temporal-sdk`, … */
export interface LoggerOptions {
  level: LogLevel;
  component: string;
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

/**
 * JSON lines: `{"level":"info","time":"…","component":"worker",…,"msg":"…"}`. Fields of a line pass
 * the redaction rule (redact.ts), errors included. Writes are synchronous, so the last lines before
 * a stop or a crash are not lost in a buffer.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { component: options.component },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactSecrets(fields),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
