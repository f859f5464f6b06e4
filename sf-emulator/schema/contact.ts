import {
  checkbox, composeName, date, defineObject, email, ownerField, phone, picklist, reference, readOnly, systemFields, text, textarea,
} from './field-builders';
import { LEAD_SOURCES } from './lead';
import { marketingFields } from './marketing-fields';

export const contactObject = defineObject({
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account ID', ['Account'], 'Account', { cascadeDelete: true }),
    text('FirstName', 'First Name', 40),
    text('LastName', 'Last Name', 80, { nillable: false, required: true }),
    text('Name', 'Full Name', 121, readOnly),
    text('Salutation', 'Salutation', 40),
    email('Email', 'Email'),
    text('Title', 'Title', 128),
    text('Department', 'Department', 80),
    phone('Phone', 'Business Phone'),
    phone('MobilePhone', 'Mobile Phone'),
    text('MailingCity', 'Mailing City', 40),
    text('MailingState', 'Mailing State/Province', 80),
    text('MailingCountry', 'Mailing Country', 80),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    date('Birthdate', 'Birthdate'),
    textarea('Description', 'Contact Description'),
    ownerField(),
    checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
    checkbox('DoNotCall', 'Do Not Call'),
    ...marketingFields(),
  ],
  derive: composeName,
});
