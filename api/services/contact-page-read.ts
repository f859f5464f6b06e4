/**
 * One contact, one page: what ops open when someone asks "why is this person wrong?". Every read is
 * by key (`<connection>:<crm id>`) or by an indexed equality on the CRM id, each bounded, so the page
 * costs the same in a database of ten thousand people as in one of ten million.
 */
import { Types } from 'mongoose';
import { readStoredMapping } from '../../domain/connections/mapping-service';
import { targetName, type CrmObject } from '../../domain/mapping/mapping';
import type { Models } from '../../domain/models';
import { crmModel } from '../../domain/crm/crm-registry';
import { crmRecordKey } from '../../domain/models/crm-record';
import { syncStateKey } from '../../domain/models/sync-state';
import { HttpError, NotFoundError } from '../http-errors';

/** CRM ids differ per CRM; letters, digits, '-' and '_' cover Salesforce ids, Dynamics GUIDs and the others. */
export const CRM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** How many of each history the page lists (newest first); the rest is on the run and list pages. */
export const CONTACT_PAGE_LIMITS = { changes: 50, events: 50, pushes: 50 } as const;

const PERSON_OBJECTS: readonly CrmObject[] = ['Contact', 'Lead'];

type ContactModels = Pick<
  Models,
  | 'Connection'
  | 'crmRecords'
  | 'SyncState'
  | 'ContactView'
  | 'ListMember'
  | 'MarketingList'
  | 'SegmentMember'
  | 'Segment'
  | 'MembershipChange'
  | 'SegmentMembershipChange'
  | 'EngagementEvent'
  | 'PushError'
  | 'FieldConflict'
>;

function newestFirst<T>(rows: T[], at: (row: T) => Date | null | undefined, limit: number): T[] {
  return [...rows].sort((a, b) => (at(b)?.getTime() ?? 0) - (at(a)?.getTime() ?? 0)).slice(0, limit);
}

/**
 * The stored record of the person in whichever person object holds it (Contact first: a converted
 * Lead keeps its old record), read from the connection's CRM's objects (Sugar's `Contacts`).
 */
async function findPersonRecord(models: ContactModels, crm: string | null | undefined, connectionId: string, crmId: string) {
  const key = crmRecordKey(connectionId, crmId);
  const people = crmModel(crm).people;
  const found = await Promise.all(PERSON_OBJECTS.map((type) => models.crmRecords[people[type].object].findById(key).lean()));
  const index = found.findIndex(Boolean);
  return index === -1 ? null : { object: PERSON_OBJECTS[index], record: found[index]! };
}

/** Each mapped field of the record's object: the CRM field's raw value beside the coerced marketing value and any coercion error. */
function mappedValues(
  mappingStored: unknown,
  object: CrmObject | null,
  raw: Record<string, unknown>,
  values: Record<string, unknown>,
  errors: { field: string; reason: string }[],
) {
  const mapping = readStoredMapping(mappingStored);
  if (!mapping || !object) return [];
  return mapping.entries
    .filter((e) => e.crmObject === object)
    .map((e) => {
      const field = targetName(e.target);
      return { crmField: e.crmField, raw: raw[e.crmField] ?? null, field, value: values[field] ?? null, error: errors.find((x) => x.field === field)?.reason ?? null };
    });
}

export async function loadContactPage(models: ContactModels, connectionId: string, crmId: string) {
  if (!Types.ObjectId.isValid(connectionId)) throw new HttpError(400, `connection id '${connectionId}' is malformed: expected a 24-character hex id`);
  if (!CRM_ID_PATTERN.test(crmId)) throw new HttpError(400, `CRM id '${crmId.slice(0, 80)}' is malformed: use 1 to 64 letters, digits, '-' or '_'`);
  const connection = await models.Connection.findById(connectionId, { name: 1, crm: 1, mapping: 1 }).lean();
  if (!connection) throw new NotFoundError(`connection ${connectionId}`);

  const key = crmRecordKey(connectionId, crmId);
  const [person, view, memberships, segmentRows, listChanges, segmentChanges, eventsById, pushErrors, conflicts] = await Promise.all([
    findPersonRecord(models, connection.crm, connectionId, crmId),
    models.ContactView.findById(key).lean(),
    models.ListMember.find({ crmId, connectionId }).lean(),
    models.SegmentMember.find({ crmId }).lean(),
    models.MembershipChange.find({ crmId }).lean(),
    models.SegmentMembershipChange.find({ crmId }).lean(),
    models.EngagementEvent.find({ crmId }).lean(),
    models.PushError.find({ crmId, connectionId }).lean(),
    models.FieldConflict.find({ crmId, connectionId }).lean(),
  ]);
  if (!person && !view && memberships.length === 0) {
    throw new NotFoundError(`Lead or Contact ${crmId} in connection '${connection.name}' (never synced, or deleted in the CRM since)`);
  }

  const object = person?.object ?? view?.type ?? null;
  const emailKey = memberships.find((m) => m.emailKey)?.emailKey ?? null;
  // The connection's lists and segments in one find each (by the indexed connection), not one find per membership.
  const [syncState, lists, segments, eventsByEmail] = await Promise.all([
    object ? models.SyncState.findById(syncStateKey(connectionId, crmModel(connection.crm).people[object].object), { lastSyncAt: 1, lastSyncMode: 1, lastFullSyncAt: 1 }).lean() : null,
    memberships.length > 0 ? models.MarketingList.find({ connectionId }, { name: 1 }).lean() : [],
    segmentRows.length > 0 ? models.Segment.find({ connectionId }, { name: 1, listId: 1, refreshedAt: 1 }).lean() : [],
    // Events sent before the person was linked carry only the email; the same de-duplication key finds them.
    emailKey ? models.EngagementEvent.find({ emailKey }).lean() : [],
  ]);
  const listNames = new Map(lists.map((l) => [String(l._id), l.name]));
  const segmentsById = new Map(segments.map((s) => [String(s._id), s]));
  // Segment rows and changes of another connection's person with the same id are not this person's.
  const segmentOfThisPerson = (segmentId: string) => segmentsById.has(segmentId) && listNames.has(String(segmentsById.get(segmentId)!.listId));
  const events = new Map([...eventsById, ...eventsByEmail].map((e) => [e._id, e]));

  return {
    connection: { id: connectionId, name: connection.name },
    crmId,
    object,
    record: person
      ? { object: person.object, fields: person.record.fields, syncedAt: person.record.syncedAt, systemModstamp: person.record.systemModstamp ?? null }
      : null,
    objectSync: syncState ? { lastSyncAt: syncState.lastSyncAt ?? null, lastSyncMode: syncState.lastSyncMode ?? null, lastFullSyncAt: syncState.lastFullSyncAt ?? null } : null,
    mapped: mappedValues(connection.mapping, object, person?.record.fields ?? {}, view?.values ?? {}, view?.valueErrors ?? []),
    view: view
      ? { type: view.type, values: view.values, accountId: view.accountId, ownerId: view.ownerId, opportunityIds: view.opportunityIds, campaignIds: view.campaignIds, valueErrors: view.valueErrors, updatedAt: view.updatedAt }
      : null,
    lists: memberships.map((m) => ({
      listId: m.listId,
      name: listNames.get(m.listId) ?? '(removed list)',
      values: m.values,
      syncedValues: m.syncedValues,
      behaviorScore: m.behaviorScore,
      joinedAt: m.joinedAt,
      updatedAt: m.updatedAt,
    })),
    segments: segmentRows
      .filter((s) => segmentOfThisPerson(s.segmentId))
      .map((s) => ({ segmentId: s.segmentId, name: segmentsById.get(s.segmentId)!.name, listId: s.listId, joinedAt: s.joinedAt, refreshedAt: segmentsById.get(s.segmentId)!.refreshedAt ?? null })),
    listChanges: newestFirst(
      listChanges.filter((c) => listNames.has(c.listId)),
      (c) => c.at,
      CONTACT_PAGE_LIMITS.changes,
    ).map((c) => ({ runId: c.runId, listId: c.listId, list: listNames.get(c.listId)!, change: c.change, fields: c.fields ?? [], at: c.at })),
    segmentChanges: newestFirst(
      segmentChanges.filter((c) => segmentOfThisPerson(c.segmentId)),
      (c) => c.at,
      CONTACT_PAGE_LIMITS.changes,
    ).map((c) => ({ runId: c.runId, segmentId: c.segmentId, segment: segmentsById.get(c.segmentId)!.name, change: c.change, at: c.at })),
    events: newestFirst([...events.values()], (e) => e.occurredAt, CONTACT_PAGE_LIMITS.events).map((e) => ({ id: e._id, type: e.type, occurredAt: e.occurredAt, properties: e.properties })),
    pushErrors: newestFirst(pushErrors, (e) => e.createdAt, CONTACT_PAGE_LIMITS.pushes).map((e) => ({
      runId: e.runId,
      listId: e.listId,
      object: e.object,
      values: e.values,
      code: e.code,
      message: e.message,
      fields: e.fields,
      resolvedByRunId: e.resolvedByRunId,
      createdAt: e.createdAt,
    })),
    conflicts: newestFirst(conflicts, (c) => c.at, CONTACT_PAGE_LIMITS.pushes).map((c) => ({
      runId: c.runId,
      listId: c.listId,
      field: c.field,
      crmField: c.crmField,
      marketingValue: c.marketingValue,
      crmValue: c.crmValue,
      agreedValue: c.agreedValue,
      rule: c.rule,
      winner: c.winner,
      outcome: c.outcome,
      at: c.at,
    })),
  };
}

export type ContactPage = Awaited<ReturnType<typeof loadContactPage>>;
