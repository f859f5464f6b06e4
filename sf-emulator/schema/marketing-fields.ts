import { DAY_MS, parseDateTime } from '../datetime';
import { checkbox, date, double, formula, multipicklist, picklist } from './field-builders';
import type { FieldDef } from './types';

export const CUSTOMER_TIERS = ['Gold', 'Silver', 'Bronze'];
export const INTERESTS = ['Analytics', 'Automation', 'Email', 'Events', 'Mobile', 'Social', 'Webinars'];

/** The custom fields a marketing team adds to both Lead and Contact: the score crm-sync pushes back, and segment material. */
export function marketingFields(): FieldDef[] {
  return [
    double('Behavior_Score__c', 'Behavior Score', 18, 0),
    checkbox('Newsletter_Opt_In__c', 'Newsletter Opt In'),
    picklist('Customer_Tier__c', 'Customer Tier', CUSTOMER_TIERS),
    multipicklist('Interests__c', 'Interests', INTERESTS),
    date('Last_Webinar_Date__c', 'Last Webinar Date'),
    formula('Days_Since_Created__c', 'Days Since Created', 'double', 'TODAY() - DATEVALUE(CreatedDate)', (record, nowMs) => {
      const created = typeof record.CreatedDate === 'string' ? parseDateTime(record.CreatedDate) : NaN;
      return Number.isNaN(created) ? null : Math.floor(nowMs / DAY_MS) - Math.floor(created / DAY_MS);
    }),
  ];
}
