import type { RunningDynamicsEmulator } from '../../../dynamics-emulator';
import { connectTo, startSmallEmulator } from './emulator-connector';

describe('Dynamics connector: describe from EntityDefinitions(...)/Attributes', () => {
  let emu: RunningDynamicsEmulator;

  beforeAll(async () => {
    emu = await startSmallEmulator();
  });
  afterAll(() => emu.close());

  it('types columns in the core’s words: choices as picklists of option values, two options as boolean, calculated and rollup columns as calculated, lookups as references', async () => {
    const describe = await connectTo(emu).describeObject('contact');
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    expect(describe).toMatchObject({ name: 'contact', label: 'Contact', tracksDeletes: false });
    expect(field('new_customertier')).toMatchObject({ type: 'picklist', updateable: true, calculated: false, picklistValues: ['100000000', '100000001', '100000002', '100000003'] });
    expect(field('new_interests')).toMatchObject({ type: 'multipicklist' });
    expect(field('new_interests')?.picklistValues?.length).toBeGreaterThan(1);
    expect(field('statecode')).toMatchObject({ type: 'picklist', picklistValues: ['0', '1'], picklistLabels: { '0': 'Active', '1': 'Inactive' } });
    // The labels people pick by ride beside the stored values.
    expect(field('new_customertier')?.picklistLabels).toEqual({ '100000000': 'Bronze', '100000001': 'Silver', '100000002': 'Gold', '100000003': 'Platinum' });
    expect(field('new_newsletteroptin')).toMatchObject({ type: 'boolean', updateable: true });
    expect(field('new_dayssincecreated')).toMatchObject({ calculated: true, updateable: false });
    expect(field('new_openopportunities')).toMatchObject({ calculated: true, updateable: false });
    expect(field('new_behaviorscore')).toMatchObject({ type: 'int', updateable: true, calculated: false });
    expect(field('new_lastwebinardate')).toMatchObject({ type: 'date' });
    expect(field('modifiedon')).toMatchObject({ type: 'datetime', updateable: false });
    expect(field('emailaddress1')).toMatchObject({ type: 'email', updateable: true });
    expect(field('fullname')).toMatchObject({ updateable: false });
    expect(field('_parentcustomerid_value')).toMatchObject({ type: 'reference', referenceTo: ['account', 'contact'], updateable: false });
    expect(field('contactid')).toMatchObject({ type: 'id' });
  });
});
