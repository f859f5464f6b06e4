import type { SalesforceObject } from '../../../domain/crm/salesforce/salesforce-model';
import { syncStateKey } from '../../../domain/models/sync-state';
import { orgRecords, type SyncFixture } from '../crm-admin-sync/sync-fixture';

type OrgRecord = Record<string, unknown>;
export type OrgSnapshot = Map<string, Map<string, OrgRecord>>;

export async function snapshotOrg(f: Pick<SyncFixture, 'org'>, objects: readonly SalesforceObject[]): Promise<OrgSnapshot> {
  const snapshot: OrgSnapshot = new Map();
  for (const object of objects) snapshot.set(object, new Map((await orgRecords(f, object)).map((r) => [String(r.Id), r])));
  return snapshot;
}

/** (SystemModstamp, Id) order, the order the sync reads and the watermark is kept in. */
function atOrBefore(record: OrgRecord, watermark: { stamp: string; id: string }): boolean {
  const stamp = Date.parse(String(record.SystemModstamp));
  const mark = Date.parse(watermark.stamp);
  return stamp < mark || (stamp === mark && String(record.Id) <= watermark.id);
}

/**
 * What a run stopped part-way must leave: every stored record is one whole version the org had
 * (now, or before the test changed it; never a mix of the two), and no object's watermark passed
 * a record that is not stored as the org has it now.
 */
export async function expectConsistentAfterStop(f: Pick<SyncFixture, 'org' | 'models' | 'connectionId'>, before: OrgSnapshot, objects: readonly SalesforceObject[]): Promise<void> {
  const now = await snapshotOrg(f, objects);
  for (const object of objects) {
    const current = now.get(object) ?? new Map<string, OrgRecord>();
    const earlier = before.get(object) ?? new Map<string, OrgRecord>();
    const stored = await f.models.crmRecords[object].find({ connectionId: f.connectionId }).lean();
    const storedById = new Map(stored.map((r) => [r.crmId, r]));
    for (const local of stored) {
      const versions = [current.get(local.crmId), earlier.get(local.crmId)].filter((v): v is OrgRecord => Boolean(v));
      const asStored = (shape: OrgRecord) => Object.fromEntries(Object.keys(shape).map((k) => [k, local.fields[k] ?? null]));
      const whole = versions.some((v) => JSON.stringify(asStored(v)) === JSON.stringify(v));
      expect({ object, id: local.crmId, wholeVersion: whole }).toEqual({ object, id: local.crmId, wholeVersion: true });
    }
    const state = await f.models.SyncState.findById(syncStateKey(f.connectionId, object)).lean();
    const watermark = state?.watermark;
    if (!watermark) continue;
    for (const record of current.values()) {
      if (!atOrBefore(record, watermark)) continue;
      const local = storedById.get(String(record.Id));
      const asStored = local ? Object.fromEntries(Object.keys(record).map((k) => [k, local.fields[k] ?? null])) : null;
      expect({ object, id: record.Id, underWatermark: asStored }).toEqual({ object, id: record.Id, underWatermark: record });
    }
  }
}
