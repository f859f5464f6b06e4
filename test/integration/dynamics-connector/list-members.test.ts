import type { RunningDynamicsEmulator, Row } from '../../../dynamics-emulator';
import { connectTo, startSmallEmulator } from './emulator-connector';

const idOf = (lookup: unknown) => (lookup as { id: string }).id;

describe('Dynamics connector: marketing list members', () => {
  let emu: RunningDynamicsEmulator;

  beforeEach(async () => {
    emu = await startSmallEmulator();
  });
  afterEach(() => emu.close());

  const listWhere = (dynamic: boolean, target: number): Row => emu.store.list('list').find((l) => l.type === dynamic && l.createdfromcode === target)!;

  it('a static list’s members are its association rows, and follow additions and removals', async () => {
    const connector = connectTo(emu);
    const list = listWhere(false, 2);
    const members = emu.store.list('listmember').filter((m) => idOf(m.listid) === list.listid).map((m) => idOf(m.entityid));
    const read = await connector.fetchListMembers({ listId: String(list.listid) });
    expect(read.map((m) => m.id).sort()).toEqual([...members].sort());
    expect(new Set(read.map((m) => m.type))).toEqual(new Set(['Contact']));

    const outsider = emu.store.list('contact').find((c) => !members.includes(String(c.contactid)))!;
    emu.store.addListMember(String(list.listid), { id: String(outsider.contactid), table: 'contact' });
    emu.store.removeListMember(String(list.listid), members[0]);
    const after = (await connector.fetchListMembers({ listId: String(list.listid) })).map((m) => m.id);
    expect(after).toContain(outsider.contactid);
    expect(after).not.toContain(members[0]);
  });

  it('a dynamic list’s members are whoever its FetchXML query matches now', async () => {
    const connector = connectTo(emu);
    const list = listWhere(true, 2);
    const tier = Number(/value="(\d+)"/.exec(String(list.query))![1]);
    const matching = () => emu.store.list('contact').filter((c) => c.new_customertier === tier && c.statecode === 0).map((c) => String(c.contactid)).sort();
    const read = await connector.fetchListMembers({ listId: String(list.listid) });
    expect(read.map((m) => m.id).sort()).toEqual(matching());
    expect(read.every((m) => m.type === 'Contact')).toBe(true);

    const joiner = emu.store.list('contact').find((c) => c.new_customertier !== tier && c.statecode === 0)!;
    emu.store.update('contact', String(joiner.contactid), { new_customertier: tier });
    const after = await connector.fetchListMembers({ listId: String(list.listid) });
    expect(after.map((m) => m.id)).toContain(joiner.contactid);
  });

  it('lead lists name their members as leads', async () => {
    const connector = connectTo(emu);
    const list = emu.store.list('list').find((l) => l.createdfromcode === 4);
    expect(list).toBeDefined();
    if (!list) return;
    const read = await connector.fetchListMembers({ listId: String(list.listid) });
    expect(read.every((m) => m.type === 'Lead')).toBe(true);
  });
});
