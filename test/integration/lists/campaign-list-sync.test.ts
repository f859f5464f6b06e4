import type { OrgStore } from '../../../sf-emulator/store';
import { orgPicker, runSync } from '../crm-admin-sync/sync-fixture';
import { expectOneRunAndAtMostOneFollowUp, type TriggerAnswer } from '../runs/trigger-answers';
import { startListFixture, type ListFixture } from './list-fixture';

type SfRecord = NonNullable<ReturnType<OrgStore['get']>>;

const ORG = { leads: 60, contacts: 80, accounts: 20, users: 3, opportunities: 10, campaigns: 3, campaignMembersPerPersonMax: 2 };

type Member = { crmId: string; type: string; values: Record<string, unknown> };

/** A campaign list, imported and then kept in step with the campaign as the emulated org changes. */
describe('campaign list import and list sync', () => {
  let f: ListFixture;
  let campaignId: string;
  let listId: string;
  const picker = orgPicker(() => f, 7);

  const store = () => f.emulator.store;
  const person = (id: string): SfRecord => (store().get('Lead', id) ?? store().get('Contact', id)) as SfRecord;
  /** The campaign's members as the CRM has them now. */
  const campaignMemberIds = () =>
    store()
      .list('CampaignMember')
      .filter((m) => m.CampaignId === campaignId)
      .map((m) => String(m.LeadId ?? m.ContactId));

  async function members(): Promise<Member[]> {
    const all: Member[] = [];
    for (let page = 1; ; page++) {
      const res = await f.marketer.get(`/api/v1/lists/${listId}/members?perPage=1000&page=${page}`).expect(200);
      all.push(...res.body.members);
      if (page >= res.body.page.pages) return all;
    }
  }

  beforeAll(async () => {
    f = await startListFixture('campaign_list', { org: ORG, seed: 11 });
    const campaigns = store().list('Campaign');
    // The campaign with the most members makes the richest test.
    campaignId = String(
      campaigns
        .map((c) => ({ id: c.Id, n: store().list('CampaignMember').filter((m) => m.CampaignId === c.Id).length }))
        .sort((a, b) => b.n - a.n)[0].id,
    );
  });
  afterAll(() => f?.close());

  it('imports a campaign under a new name with the chosen fields (email always)', async () => {
    const imported = await f.importList({ name: 'Webinar attendees', source: { kind: 'campaign', campaignId }, fields: ['firstName', 'title', 'behaviorScore'] });
    listId = imported.listId;
    const list = (await f.marketer.get(`/api/v1/lists/${listId}`).expect(200)).body;
    expect(list).toMatchObject({ name: 'Webinar attendees', fields: ['email', 'firstName', 'title', 'behaviorScore'], source: { kind: 'campaign', campaignId } });
    const got = await members();
    expect(got.map((m) => m.crmId).sort()).toEqual(campaignMemberIds().sort());
    for (const m of got) {
      const record = person(m.crmId);
      expect(m.values).toEqual({ email: record.Email ?? null, firstName: record.FirstName ?? null, title: record.Title ?? null, behaviorScore: record.Behavior_Score__c ?? null });
    }
    expect(imported.run.counts.pull).toMatchObject({ joined: got.length, left: 0, members: got.length });
    const joined = await f.ops.get(`/api/v1/runs/${imported.run.id}/membership-changes?change=joined&perPage=200`).expect(200);
    expect(joined.body.page.total).toBe(got.length);
  });

  // Every combination of add / update / remove: the list follows the campaign exactly as far as its switches allow.
  const combos = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({ add: !!(bits & 4), update: !!(bits & 2), remove: !!(bits & 1) }));
  it.each(combos)('a list sync follows the campaign as far as its switches allow: %o', async (pull) => {
    const before = new Map((await members()).map((m) => [m.crmId, m]));
    // Two people join the campaign (through the API), two leave (deleted in the CRM by someone else), two members get edited.
    const outsiders = picker.pick(picker.ids('Lead').filter((id) => !campaignMemberIds().includes(id)), 2);
    for (const id of outsiders) await f.org.sobject('CampaignMember').create({ CampaignId: campaignId, LeadId: id, Status: 'Sent' });
    const leaving = picker.pick([...before.keys()].filter((id) => campaignMemberIds().includes(id)), 2);
    for (const id of leaving) {
      const membership = store().list('CampaignMember').find((m) => m.CampaignId === campaignId && (m.LeadId === id || m.ContactId === id));
      store().delete('CampaignMember', String(membership?.Id));
    }
    const edited = picker.pick([...before.keys()].filter((id) => !leaving.includes(id)), 2);
    for (const id of edited) {
      const object = store().get('Lead', id) ? 'Lead' : 'Contact';
      await f.org.sobject(object).update({ Id: id, FirstName: `Renamed ${id.slice(-4)}`, Title: `Title ${id.slice(-4)}` });
    }

    const run = await f.syncList(listId, { pull: { ...pull, updateFields: ['email', 'firstName', 'title'] }, freshnessMinutes: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.options.adminSyncRunId).toEqual(expect.any(String));

    const expectedIds = new Set(before.keys());
    if (pull.add) for (const id of campaignMemberIds()) expectedIds.add(id);
    if (pull.remove) for (const id of [...expectedIds]) if (!campaignMemberIds().includes(id)) expectedIds.delete(id);
    const after = await members();
    expect(after.map((m) => m.crmId).sort()).toEqual([...expectedIds].sort());
    for (const m of after) {
      const record = person(m.crmId);
      const previous = before.get(m.crmId);
      const crmValues = { email: record.Email ?? null, firstName: record.FirstName ?? null, title: record.Title ?? null };
      // Only people still in the campaign are refreshed; a leaver kept by remove=off keeps its last values.
      const refreshed = !previous || (pull.update && campaignMemberIds().includes(m.crmId));
      const expected = refreshed ? crmValues : { email: previous.values.email, firstName: previous.values.firstName, title: previous.values.title };
      expect({ id: m.crmId, email: m.values.email, firstName: m.values.firstName, title: m.values.title }).toEqual({ id: m.crmId, ...expected });
    }
    expect(run.counts.pull).toMatchObject({
      joined: pull.add ? after.filter((m) => !before.has(m.crmId)).length : 0,
      left: pull.remove ? [...before.keys()].filter((id) => !expectedIds.has(id)).length : 0,
      members: after.length,
    });
    // Updates come only from refreshing: none with update off, at least the edited people still listed with it on.
    const editedListed = edited.filter((id) => expectedIds.has(id)).length;
    expect(editedListed).toBeGreaterThan(0);
    expect({ update: pull.update, refreshed: run.counts.pull.updated >= editedListed, none: run.counts.pull.updated === 0 }).toEqual({ update: pull.update, refreshed: pull.update, none: !pull.update });
    // The list equals the campaign exactly when every switch is on: joiners and leavers make every other combination differ.
    const equalsCampaign = JSON.stringify(after.map((m) => m.crmId).sort()) === JSON.stringify(campaignMemberIds().sort());
    expect({ add: pull.add, remove: pull.remove, equalsCampaign }).toEqual({ add: pull.add, remove: pull.remove, equalsCampaign: pull.add && pull.remove });
  });

  it('a person removed from the campaign (no recycle-bin entry) leaves the list at the next list sync, with no drift check run; the drift check then clears the CRM copy', async () => {
    // Fresh enough CRM data: the list sync starts no CRM Administration sync, so no drift check can run.
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { pull: { add: true, update: true, remove: true }, freshnessMinutes: 10_080 }).expect(200);
    const settled = await f.syncList(listId);
    expect(settled.status).toBe('succeeded');
    const leaverId = picker.pick((await members()).map((m) => m.crmId).filter((id) => campaignMemberIds().includes(id)), 1)[0];
    const membership = store().list('CampaignMember').find((m) => m.CampaignId === campaignId && (m.LeadId === leaverId || m.ContactId === leaverId));
    // A CRM user removes the person from the campaign: Salesforce deletes the row outright.
    await f.org.sobject('CampaignMember').destroy(String(membership?.Id));
    const queryAll = await f.org.query(`SELECT Id FROM CampaignMember WHERE Id = '${membership?.Id}'`, { scanAll: true });
    expect(queryAll.totalSize).toBe(0);
    const adminRunsBefore = await f.models.Run.countDocuments({ connectionId: f.connectionId, kind: 'crm-admin-sync' });

    const run = await f.syncList(listId);
    expect(run.status).toBe('succeeded');
    expect(run.options.adminSyncRunId).toBeUndefined();
    expect(await f.models.Run.countDocuments({ connectionId: f.connectionId, kind: 'crm-admin-sync' })).toBe(adminRunsBefore);
    const after = (await members()).map((m) => m.crmId);
    expect(after).not.toContain(leaverId);
    expect(after.sort()).toEqual(campaignMemberIds().sort());
    // The cost is on the run: the campaign's members in one call per 2,000.
    expect(run.counts.pull).toMatchObject({ left: 1, sourceRead: { members: campaignMemberIds().length, calls: Math.max(1, Math.ceil(campaignMemberIds().length / 2000)) } });
    const pullStep = (run as unknown as { steps: { name: string; counts: { label: string; value: number }[] }[] }).steps.find((s) => s.name === 'pull');
    expect(pullStep?.counts).toEqual(expect.arrayContaining([{ label: 'CRM calls', value: 1 }]));

    // The local CRM copy still holds the row: an incremental sync cannot see a delete without a trace.
    const copied = () => f.models.crmRecords.CampaignMember.countDocuments({ connectionId: f.connectionId, crmId: membership?.Id });
    expect(await copied()).toBe(1);
    const drift = await runSync(f, { mode: 'incremental', driftCheck: true });
    expect((drift.counts as Record<string, { drift?: { removed: number } }>).CampaignMember?.drift?.removed).toBeGreaterThanOrEqual(1);
    expect(await copied()).toBe(0);
  });

  it('ten simultaneous triggers of the same list sync start one run and queue at most one follow-up', async () => {
    await f.marketer.put(`/api/v1/lists/${listId}/sync-settings`, { freshnessMinutes: 0 }).expect(200);
    const runsBefore = await f.models.Run.countDocuments({ listId, kind: 'list-sync' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => f.marketer.post(`/api/v1/lists/${listId}/syncs`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const { started, followUp } = expectOneRunAndAtMostOneFollowUp(answers.map((a) => a.body as TriggerAnswer));
    for (const runId of [started, followUp]) if (runId) expect((await f.waitForRun(runId)).status).toBe('succeeded');
    expect(await f.models.Run.countDocuments({ listId, kind: 'list-sync' })).toBe(runsBefore + (followUp ? 2 : 1));
  });
});
