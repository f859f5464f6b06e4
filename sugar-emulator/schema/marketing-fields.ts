import { f } from './fields';
import type { FieldDef, Row } from './types';

const custom = (def: FieldDef): FieldDef => ({ ...def, source: 'custom_fields' });

/** Sugar Logic formula of the score band: recalculated every time the person is saved. */
export const SCORE_BAND_FORMULA = 'ifElse(greaterThan($behavior_score_c,69),"hot",ifElse(greaterThan($behavior_score_c,29),"warm","cold"))';

/**
 * The custom fields a marketing team adds to Leads and Contacts in Studio: score, opt-in, tier,
 * interests, webinar date, and a calculated band.
 */
export function marketingFields(): FieldDef[] {
  return [
    custom(f.int('behavior_score_c', 'Behavior Score')),
    custom(f.bool('newsletter_opt_in_c', 'Newsletter Opt In')),
    custom(f.enum('customer_tier_c', 'Customer Tier', 'customer_tier_list')),
    custom(f.multienum('interests_c', 'Interests', 'interests_list')),
    custom(f.date('last_webinar_date_c', 'Last Webinar Date')),
    custom(f.enum('score_band_c', 'Score Band', 'score_band_list', { calculated: true, formula: SCORE_BAND_FORMULA, readonly: true })),
  ];
}

/** What SCORE_BAND_FORMULA evaluates to (an empty score counts as 0, as Sugar Logic reads it). */
export function calculateScoreBand(row: Row): void {
  const score = typeof row.behavior_score_c === 'number' ? row.behavior_score_c : 0;
  row.score_band_c = score > 69 ? 'hot' : score > 29 ? 'warm' : 'cold';
}
