import type { TypeRule } from '../../../domain/models/scoring-rules';
import { scorePerson } from '../../../domain/scoring/score-person';
import { DEFAULT_SCORING_RULES } from '../../../domain/scoring/scoring-rules';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);
const rule = (points: number, cap: number | null = null, halfLifeDays: number | null = null): TypeRule => ({ points, cap, halfLifeDays });

describe('scorePerson', () => {
  it('sums the points of each event under the default rules', () => {
    const events = [
      { type: 'email_open', occurredAt: daysAgo(1) },
      { type: 'email_open', occurredAt: daysAgo(2) },
      { type: 'email_click', occurredAt: daysAgo(2) },
      { type: 'form_submit', occurredAt: daysAgo(3) },
      { type: 'email_sent', occurredAt: daysAgo(3) },
    ];
    expect(scorePerson(events, DEFAULT_SCORING_RULES, NOW)).toBe(1 + 1 + 3 + 10 + 0);
  });

  it('scores a person without events 0', () => {
    expect(scorePerson([], DEFAULT_SCORING_RULES, NOW)).toBe(0);
  });

  it('counts nothing for a type without a rule', () => {
    expect(scorePerson([{ type: 'page_view', occurredAt: NOW }], { email_open: rule(5) }, NOW)).toBe(0);
  });

  it('caps a type at its cap and leaves the other types alone', () => {
    const opens = Array.from({ length: 30 }, (_, i) => ({ type: 'email_open', occurredAt: daysAgo(i) }));
    const rules = { email_open: rule(1, 10), email_click: rule(3) };
    expect(scorePerson([...opens, { type: 'email_click', occurredAt: NOW }], rules, NOW)).toBe(10 + 3);
  });

  it('halves an event’s points every half-life', () => {
    const rules = { webinar_attend: rule(16, null, 30) };
    expect(scorePerson([{ type: 'webinar_attend', occurredAt: daysAgo(0) }], rules, NOW)).toBe(16);
    expect(scorePerson([{ type: 'webinar_attend', occurredAt: daysAgo(30) }], rules, NOW)).toBe(8);
    expect(scorePerson([{ type: 'webinar_attend', occurredAt: daysAgo(60) }], rules, NOW)).toBe(4);
    expect(scorePerson([{ type: 'webinar_attend', occurredAt: daysAgo(15) }], rules, NOW)).toBe(Math.round(16 * Math.SQRT1_2));
  });

  it('applies the cap to the decayed sum, so old events free room under it', () => {
    const rules = { email_click: rule(10, 15, 10) };
    // Fresh: 10 + 10 = 20, capped to 15. Ten days old: 5 + 5 = 10, under the cap.
    expect(scorePerson([{ type: 'email_click', occurredAt: NOW }, { type: 'email_click', occurredAt: NOW }], rules, NOW)).toBe(15);
    expect(scorePerson([{ type: 'email_click', occurredAt: daysAgo(10) }, { type: 'email_click', occurredAt: daysAgo(10) }], rules, NOW)).toBe(10);
  });

  it('caps a negative type at minus its cap', () => {
    const rules = { unsubscribe: rule(-20, 25), form_submit: rule(10) };
    const events = [
      { type: 'unsubscribe', occurredAt: NOW },
      { type: 'unsubscribe', occurredAt: NOW },
      { type: 'form_submit', occurredAt: NOW },
    ];
    expect(scorePerson(events, rules, NOW)).toBe(-25 + 10);
  });

  it('rounds the total, not each type', () => {
    const rules = { email_open: rule(1, null, 1), page_view: rule(1, null, 1) };
    // Each is 0.5 + ... : 0.5 (one day old) twice gives 1, where rounding per type would give 2.
    const events = [
      { type: 'email_open', occurredAt: daysAgo(1) },
      { type: 'page_view', occurredAt: daysAgo(1) },
    ];
    expect(scorePerson(events, rules, NOW)).toBe(1);
  });

  it('counts an event dated after now at full points, never more', () => {
    const rules = { email_click: rule(4, null, 1) };
    expect(scorePerson([{ type: 'email_click', occurredAt: new Date(NOW.getTime() + 60 * 60 * 1000) }], rules, NOW)).toBe(4);
  });
});
