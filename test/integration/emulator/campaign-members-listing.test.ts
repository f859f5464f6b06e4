import { SalesforceConnector } from '../../../domain/crm/salesforce/salesforce-connector';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';

/** The Salesforce connector's listing of a campaign's members: ids only, one API call per 2,000 members. */
describe("a campaign's current members through the Salesforce connector", () => {
  let emu: RunningEmulator;
  const connect = () =>
    new SalesforceConnector({ kind: 'password', loginUrl: emu.url, apiVersion: '59.0', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken });

  beforeAll(async () => {
    emu = await startEmulator({ org: 'empty' });
  });
  afterAll(async () => {
    await emu.close();
  });

  function campaignOf(leads: number, contacts: number): { campaignId: string; expected: { id: string; type: string }[] } {
    const campaignId = emu.store.insert('Campaign', { Name: `Campaign of ${leads + contacts}` }).Id;
    const expected: { id: string; type: string }[] = [];
    for (let i = 0; i < leads; i++) {
      const lead = emu.store.insert('Lead', { LastName: `Lead ${i}`, Company: 'Acme' });
      emu.store.insert('CampaignMember', { CampaignId: campaignId, LeadId: lead.Id });
      expected.push({ id: lead.Id, type: 'Lead' });
    }
    for (let i = 0; i < contacts; i++) {
      const contact = emu.store.insert('Contact', { LastName: `Contact ${i}` });
      emu.store.insert('CampaignMember', { CampaignId: campaignId, ContactId: contact.Id });
      expected.push({ id: contact.Id, type: 'Contact' });
    }
    return { campaignId, expected };
  }

  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

  it('lists 4,500 members in 3 calls, and an empty campaign in 1', async () => {
    const { campaignId, expected } = campaignOf(2_500, 2_000);
    const connector = connect();
    await connector.testConnection();
    const before = connector.apiCallsUsed;
    const members = await connector.fetchListMembers({ listId: campaignId });
    expect(connector.apiCallsUsed - before).toBe(3);
    expect([...members].sort(byId)).toEqual([...expected].sort(byId));

    const empty = campaignOf(0, 0);
    const emptyBefore = connector.apiCallsUsed;
    await expect(connector.fetchListMembers({ listId: empty.campaignId })).resolves.toEqual([]);
    expect(connector.apiCallsUsed - emptyBefore).toBe(1);
  });

  it('leaves out a member removed a moment ago, which no recycle bin keeps', async () => {
    const { campaignId, expected } = campaignOf(3, 2);
    const gone = emu.store.list('CampaignMember').find((m) => m.CampaignId === campaignId && m.LeadId === expected[0].id);
    emu.store.delete('CampaignMember', String(gone?.Id));
    const members = await connect().fetchListMembers({ listId: campaignId });
    expect([...members].sort(byId)).toEqual(expected.slice(1).sort(byId));
  });
});
