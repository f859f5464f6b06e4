import { checkbox, composeName, defineObject, email, picklist, readOnly, systemFields, text } from './field-builders';

export const userObject = defineObject({
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  fields: [
    ...systemFields(),
    text('Username', 'Username', 80, { nillable: false, required: true }),
    text('FirstName', 'First Name', 40),
    text('LastName', 'Last Name', 80, { nillable: false, required: true }),
    text('Name', 'Full Name', 121, readOnly),
    text('Alias', 'Alias', 8, { nillable: false, required: true }),
    email('Email', 'Email', { nillable: false, required: true }),
    text('Title', 'Title', 80),
    text('Department', 'Department', 80),
    text('CompanyName', 'Company Name', 80),
    checkbox('IsActive', 'Active'),
    picklist('TimeZoneSidKey', 'Time Zone', ['Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'GMT'], {
      nillable: false,
      default: 'GMT',
    }),
  ],
  derive: composeName,
});
