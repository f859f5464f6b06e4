import { col, options } from './columns';
import type { ColumnDef } from './types';

/** Publisher-prefixed choice values start at 100000000, as Dataverse numbers options of a custom choice column. */
export const CUSTOMER_TIERS = options([100000000, 'Bronze'], [100000001, 'Silver'], [100000002, 'Gold'], [100000003, 'Platinum']);
export const INTERESTS = options([100000000, 'Analytics'], [100000001, 'Automation'], [100000002, 'Email'], [100000003, 'Events'], [100000004, 'Mobile']);

/** The custom columns a marketing team adds to lead and contact: score, opt-in, tier, interests, webinar date, age. */
export function marketingColumns(): ColumnDef[] {
  return [
    col.int('new_behaviorscore', 'Behavior Score'),
    col.bool('new_newsletteroptin', 'Newsletter Opt In'),
    col.choice('new_customertier', 'Customer Tier', CUSTOMER_TIERS),
    col.choices('new_interests', 'Interests', INTERESTS),
    col.date('new_lastwebinardate', 'Last Webinar Date'),
    col.computed('new_dayssincecreated', 'Days Since Created', 'Integer', 1),
  ];
}

export const LEAD_SOURCES = options([1, 'Advertisement'], [2, 'Employee Referral'], [3, 'External Referral'], [4, 'Partner'], [5, 'Public Relations'], [6, 'Seminar'], [7, 'Trade Show'], [8, 'Web'], [9, 'Word of Mouth'], [10, 'Other']);
export const INDUSTRIES = options([1, 'Accounting'], [6, 'Business Services'], [9, 'Consulting'], [12, 'Financial'], [19, 'Manufacturing'], [25, 'Retail'], [27, 'Software'], [33, 'Telecommunications']);
