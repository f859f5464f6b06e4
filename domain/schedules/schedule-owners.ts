/**
 * Where each kind of scheduled target keeps its schedule settings: on the connection, the list or
 * the program document, with a human description beside them. The settings there are the source of
 * truth; Temporal's schedule is made to match them (target-schedules.ts).
 */
import type { ScheduleTarget, ScheduleTargetKind } from '../../contract/schedules';
import type { Models } from '../models';

export type ScheduleOwnerModels = Pick<Models, 'Connection' | 'MarketingList' | 'Program'>;

/** Settings as stored: the settings and their description, or null (programs store no schedule that way). */
export type StoredSchedule = Record<string, unknown> | null;

export async function storeScheduleSettings(models: ScheduleOwnerModels, target: ScheduleTarget, stored: StoredSchedule): Promise<void> {
  const update = { $set: { schedule: stored } };
  switch (target.kind) {
    case 'connection': await models.Connection.updateOne({ _id: target.connectionId }, update); return;
    case 'list': await models.MarketingList.updateOne({ _id: target.listId }, update); return;
    case 'program': await models.Program.updateOne({ _id: target.programId }, update); return;
  }
}

/** Every target of the kind that has stored settings, with them (read one at a time: there may be many). */
export async function* storedSchedulesOf(models: ScheduleOwnerModels, kind: ScheduleTargetKind): AsyncGenerator<{ target: ScheduleTarget; stored: unknown }> {
  const withSchedule = { schedule: { $ne: null } };
  switch (kind) {
    case 'connection':
      for await (const c of models.Connection.find(withSchedule, { schedule: 1 }).lean().cursor()) yield { target: { kind, connectionId: String(c._id) }, stored: c.schedule };
      return;
    case 'list':
      for await (const l of models.MarketingList.find(withSchedule, { schedule: 1 }).lean().cursor()) yield { target: { kind, listId: String(l._id) }, stored: l.schedule };
      return;
    case 'program':
      for await (const p of models.Program.find(withSchedule, { schedule: 1 }).lean().cursor()) yield { target: { kind, programId: String(p._id) }, stored: p.schedule };
      return;
  }
}
