import type { CrmFieldDescribe } from '../../../../domain/crm/connector';

function field(name: string, type: string, picklistValues?: string[]): CrmFieldDescribe {
  return { name, label: name, type, updateable: true, calculated: false, compound: false, referenceTo: [], ...(picklistValues ? { picklistValues } : {}) };
}

/** The contact table's describe as the Dynamics connector hands it over (dynamics-describe.ts), for the emulator's columns. */
export const CONTACT_FIELDS: CrmFieldDescribe[] = [
  field('contactid', 'id'),
  field('firstname', 'string'),
  field('lastname', 'string'),
  field('emailaddress1', 'email'),
  field('jobtitle', 'string'),
  field('address1_city', 'string'),
  field('description', 'textarea'),
  field('leadsourcecode', 'picklist', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']),
  field('statecode', 'picklist', ['0', '1']),
  field('donotbulkemail', 'boolean'),
  field('_parentcustomerid_value', 'reference'),
  field('_ownerid_value', 'reference'),
  field('new_behaviorscore', 'int'),
  field('new_newsletteroptin', 'boolean'),
  field('new_customertier', 'picklist', ['100000000', '100000001', '100000002', '100000003']),
  field('new_interests', 'multipicklist', ['100000000', '100000001', '100000002', '100000003', '100000004']),
  field('new_lastwebinardate', 'date'),
  field('createdon', 'datetime'),
  field('versionnumber', 'long'),
  field('entityimage', 'base64'),
];
