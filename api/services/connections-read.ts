/** Reading connections for the connection, mapping and pipeline routes. */
import { Types } from 'mongoose';
import type { Models } from '../../domain/models';
import { NotFoundError } from '../http-errors';

const RUNS_ON_CONNECTION_PAGE = 10;

/** One connection, or the 404 every connection route answers for an unknown or malformed id; `fields` narrows what is read. */
export async function loadConnection(models: Pick<Models, 'Connection'>, id: string, fields?: Record<string, 1>) {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError(`connection ${id}`);
  const connection = await models.Connection.findById(id, fields).lean();
  if (!connection) throw new NotFoundError(`connection ${id}`);
  return connection;
}

export async function listConnections(models: Pick<Models, 'Connection'>) {
  return models.Connection.find().sort({ name: 1 }).lean();
}

/** The connections index: each connection with its latest run (null before the first). */
export async function loadConnectionsIndex(models: Pick<Models, 'Connection' | 'Run'>) {
  const connections = await listConnections(models);
  const lastRuns = await Promise.all(connections.map((c) => models.Run.findOne({ connectionId: c._id }).sort({ createdAt: -1 }).lean()));
  return { connections, lastRuns };
}

export async function listRecentConnectionRuns(models: Pick<Models, 'Run'>, connectionId: unknown) {
  return models.Run.find({ connectionId }).sort({ createdAt: -1 }).limit(RUNS_ON_CONNECTION_PAGE).lean();
}

/** The connection's stored schedule settings (null when it has none, or is gone). */
export async function readConnectionSchedule(models: Pick<Models, 'Connection'>, connectionId: unknown) {
  const stored = await models.Connection.findById(connectionId, { schedule: 1 }).lean();
  return stored?.schedule ?? null;
}
