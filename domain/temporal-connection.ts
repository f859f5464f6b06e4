import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type AppConfig } from './config';

/** What both Connection.connect (client) and NativeConnection.connect (worker) take to reach Temporal. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

function readPem(variable: string, file: string | undefined, read: (file: string) => Buffer): Buffer | undefined {
  if (!file) return undefined;
  try {
    return read(file);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${variable}: cannot read ${file} (${(err as Error).message})`);
  }
}

/**
 * The Temporal connection settings of every process (API, worker, schedules): plain gRPC, or TLS
 * (server-verified, or mTLS with a client certificate) and an API key. The PEM files are read here,
 * at start-up, so an unreadable one stops the start naming its variable.
 */
export function temporalConnectionOptions(temporal: AppConfig['temporal'], read: (file: string) => Buffer = (file) => fs.readFileSync(file)): TemporalConnectionOptions {
  const { tls } = temporal;
  const apiKey = temporal.apiKey ? { apiKey: temporal.apiKey } : {};
  if (!tls) return { address: temporal.address, ...apiKey };
  const crt = readPem('TEMPORAL_TLS_CERT_FILE', tls.certFile, read);
  const key = readPem('TEMPORAL_TLS_KEY_FILE', tls.keyFile, read);
  const ca = readPem('TEMPORAL_TLS_CA_FILE', tls.caFile, read);
  const config: TLSConfig = {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
  return { address: temporal.address, tls: config, ...apiKey };
}
