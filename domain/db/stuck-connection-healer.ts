import mongoose, { type Connection as MongooseConnection } from 'mongoose';

/**
 * Reopens a mongoose connection whose driver stopped seeing a database server that is up.
 *
 * After FerretDB restarts under a busy worker, the worker's driver can keep the server `Unknown`
 * with the error of the connection the restart closed ("connection 13 … closed") and never run a
 * heartbeat again, so every retried activity fails server selection for minutes, while a fresh
 * client reaches the same server at once. Mongoose issue 12846 reports the same symptom in
 * production ("until the containers are restarted").
 *
 * So: when the server has been Unknown for `stuckAfterMs` and a fresh client's ping succeeds, the
 * connection is closed and opened again on the same URI; the models stay bound to it. When the
 * server is really down the fresh ping fails too and nothing is done: the driver's own reconnect is
 * the right behaviour then.
 */
export interface HealerOptions {
  stuckAfterMs?: number;
  checkEveryMs?: number;
  log?: (line: string) => void;
}

export function healStuckConnection(db: MongooseConnection, uri: string, connectOptions: Record<string, unknown>, options: HealerOptions = {}): () => void {
  const stuckAfterMs = options.stuckAfterMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  let unknownSince: number | null = null;
  let healing = false;

  const watch = () => {
    const client = db.getClient();
    client.on('serverDescriptionChanged', (event: { newDescription: { type: string } }) => {
      if (event.newDescription.type === 'Unknown') unknownSince ??= Date.now();
      else unknownSince = null;
    });
  };
  watch();

  const timer = setInterval(() => {
    if (healing || unknownSince === null || Date.now() - unknownSince < stuckAfterMs) return;
    healing = true;
    void (async () => {
      const probe = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000 });
      try {
        await probe.connect();
        await probe.db('admin').command({ ping: 1 });
      } catch {
        return; // The server is really unreachable: leave reconnecting to the driver.
      } finally {
        await probe.close().catch(() => undefined);
      }
      log(`database connection stuck for ${Math.round((Date.now() - (unknownSince ?? Date.now())) / 1000)} s while the server answers a new client: reopening it`);
      // Not forced: mongoose refuses to reopen a force-closed connection; a stuck driver fails its
      // in-flight operations within the server selection timeout anyway.
      await db.close().catch(() => undefined);
      await db.openUri(uri, connectOptions);
      unknownSince = null;
      watch();
    })()
      .catch((err: Error) => log(`reopening the database connection failed: ${err.message}`))
      .finally(() => {
        healing = false;
      });
  }, options.checkEveryMs ?? 10_000);
  timer.unref();
  const stop = () => clearInterval(timer);
  // Closed on purpose (shutdown, a test's teardown): stop watching. The healer's own close is not one.
  db.on('close', () => {
    if (!healing) stop();
  });
  return stop;
}
