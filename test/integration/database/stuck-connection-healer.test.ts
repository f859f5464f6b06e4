import mongoose, { type Connection } from 'mongoose';
import { healStuckConnection } from '../../../domain/db/stuck-connection-healer';
import { findFreePort } from '../../../dev-services/free-port';
import { harnessValue } from '../../harness/harness-env';
import { uniqueName } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';

/**
 * The healer on the run's real FerretDB. A driver stuck in `Unknown` cannot be produced on demand,
 * so the tests announce it the way the driver does (a serverDescriptionChanged event to Unknown)
 * and check what the healer does about it.
 */
describe('reopening a database connection the driver gave up on', () => {
  const server = harnessValue('mongoServerUri');
  const uri = `${server.endsWith('/') ? server : `${server}/`}${uniqueName('t_healer')}`;
  let db: Connection;
  let stop: () => void = () => {};
  const logged: string[] = [];

  beforeEach(async () => {
    logged.length = 0;
    db = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000 });
    await db.asPromise();
    await db.collection('probe').updateOne({ _id: 'kept' as never }, { $set: { n: 1 } }, { upsert: true });
  });
  afterEach(async () => {
    stop();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  const announceUnknown = () => db.getClient().emit('serverDescriptionChanged', { newDescription: { type: 'Unknown' } } as never);

  it('reopens it when the server has been Unknown for the set time and a new client reaches the server', async () => {
    stop = healStuckConnection(db, uri, { serverSelectionTimeoutMS: 5_000 }, { stuckAfterMs: 200, checkEveryMs: 50, log: (line) => logged.push(line) });
    const before = db.getClient();
    announceUnknown();
    await waitFor('the connection to be reopened', async () => (db.getClient() !== before && db.readyState === 1 ? true : undefined), 10_000);
    expect(logged).toEqual([expect.stringMatching(/^database connection stuck for \d+ s while the server answers a new client: reopening it$/)]);
    // The same Connection, and so the same models, work again.
    expect(await db.collection('probe').findOne({ _id: 'kept' as never })).toMatchObject({ n: 1 });
  });

  it('leaves the connection alone while the server is really unreachable', async () => {
    const nowhere = `mongodb://127.0.0.1:${await findFreePort()}/x`;
    stop = healStuckConnection(db, nowhere, {}, { stuckAfterMs: 100, checkEveryMs: 50, log: (line) => logged.push(line) });
    const before = db.getClient();
    announceUnknown();
    await new Promise((r) => setTimeout(r, 7_000));
    expect(db.getClient()).toBe(before);
    expect(logged).toEqual([]);
  });

  it('does nothing before the set time, nor once the server is known again', async () => {
    stop = healStuckConnection(db, uri, {}, { stuckAfterMs: 1_000, checkEveryMs: 50, log: (line) => logged.push(line) });
    const before = db.getClient();
    announceUnknown();
    await new Promise((r) => setTimeout(r, 300));
    db.getClient().emit('serverDescriptionChanged', { newDescription: { type: 'Standalone' } } as never);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(db.getClient()).toBe(before);
    expect(logged).toEqual([]);
  });
});
