import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findFreePort } from './free-port';
import { spawnManaged, waitUntilHealthy, type ManagedProcess } from './managed-process';

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  binary: string;
  dataDir: string;
  port?: number;
  /** Omit to run headless (tests); the UI gets its own port. */
  uiPort?: number | 'auto';
  namespaces?: string[];
}

/** Search attributes the product filters runs by in the Temporal UI and list queries. */
const SEARCH_ATTRIBUTES = ['CrmSyncConnectionId=Keyword', 'CrmSyncRunKind=Keyword'];

/** `temporal server start-dev` on loopback with a SQLite file, so workflows survive restarts. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  const uiPort = options.uiPort === 'auto' ? await findFreePort() : options.uiPort;
  const logFile = path.join(options.dataDir, 'temporal.log');
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--db-filename', path.join(options.dataDir, 'temporal.sqlite'),
    '--log-level', 'warn',
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...SEARCH_ATTRIBUTES.flatMap((attribute) => ['--search-attribute', attribute]),
    ...(options.namespaces ?? []).flatMap((namespace) => ['--namespace', namespace]),
  ];
  const proc = spawnManaged({ name: 'Temporal dev server', command: options.binary, args, logFile });
  const address = `127.0.0.1:${port}`;
  await waitUntilHealthy(
    proc,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
      } finally {
        await connection.close();
      }
    },
    { timeoutMs: 60_000, logFile },
  );
  return {
    address,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    process: proc,
    stop: () => proc.stop(),
  };
}
