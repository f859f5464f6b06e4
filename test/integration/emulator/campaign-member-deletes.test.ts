import type { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { soapConnection } from './connect';

/** Salesforce deletes CampaignMember rows outright; every other emulated object keeps a recycle bin. */
describe('deletes that leave no recycle-bin entry', () => {
  let emu: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
    conn = await soapConnection(emu);
  });
  afterAll(async () => {
    await emu.close();
  });

  const campaignWithMember = () => {
    const campaign = emu.store.insert('Campaign', { Name: 'Spring webinar' });
    const lead = emu.store.insert('Lead', { LastName: 'Member', Company: 'Acme' });
    const member = emu.store.insert('CampaignMember', { CampaignId: campaign.Id, LeadId: lead.Id });
    return { campaign, lead, member };
  };

  it('a CampaignMember deleted through the API is gone from queryAll and from the deleted endpoint', async () => {
    emu.store.setClock('2031-04-01T12:00:00Z');
    const { member } = campaignWithMember();
    emu.store.advanceClock(60_000);
    await expect(conn.sobject('CampaignMember').destroy(member.Id)).resolves.toMatchObject({ id: member.Id, success: true });
    const all = await conn.query(`SELECT Id, IsDeleted FROM CampaignMember WHERE Id = '${member.Id}'`, { scanAll: true });
    expect(all.totalSize).toBe(0);
    const deleted = await conn.sobject('CampaignMember').deleted('2031-04-01T11:59:00Z', '2031-04-01T12:10:00Z');
    expect(deleted.deletedRecords).toEqual([]);
    emu.store.setClock(null);
  });

  it('a Lead deleted through the API stays in the recycle bin, and its CampaignMember goes there with it', async () => {
    const { lead, member } = campaignWithMember();
    await conn.sobject('Lead').destroy(lead.Id);
    const leads = await conn.query(`SELECT Id, IsDeleted FROM Lead WHERE Id = '${lead.Id}'`, { scanAll: true });
    expect(leads.records).toEqual([expect.objectContaining({ Id: lead.Id, IsDeleted: true })]);
    // Deleted with its parent, the member row is restored with it in Salesforce, so it sits in the bin too.
    const members = await conn.query(`SELECT Id, IsDeleted FROM CampaignMember WHERE Id = '${member.Id}'`, { scanAll: true });
    expect(members.records).toEqual([expect.objectContaining({ Id: member.Id, IsDeleted: true })]);
  });

  it('describe says CampaignMember cannot be undeleted and Lead can', async () => {
    const global = await conn.describeGlobal();
    const undeletable = Object.fromEntries(global.sobjects.map((o) => [o.name, o.undeletable]));
    expect(undeletable).toMatchObject({ CampaignMember: false, Lead: true, Contact: true, OpportunityContactRole: true });
  });
});
