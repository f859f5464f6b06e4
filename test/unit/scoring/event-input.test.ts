import { checkEvent, MAX_PROPERTIES_BYTES } from '../../../domain/scoring/event-input';

const NOW = new Date('2026-06-01T12:00:00Z');
const good = { email: '  Ann@Example.com ', type: 'email_open', occurredAt: '2026-05-31T10:00:00Z' };

function reasonOf(raw: unknown): string {
  const checked = checkEvent(raw, NOW);
  if (checked.ok) throw new Error('expected a rejection');
  return checked.reason;
}

describe('checkEvent', () => {
  it('keys a valid event by its trimmed, lower-cased email', () => {
    const checked = checkEvent(good, NOW);
    expect(checked).toMatchObject({ ok: true, event: { emailKey: 'ann@example.com', crmId: null, type: 'email_open', properties: {} } });
  });

  it('rejects each kind of bad event with a reason that names the problem', () => {
    expect(reasonOf({ type: 'email_open', occurredAt: good.occurredAt })).toMatch(/missing identity/);
    expect(reasonOf({ ...good, type: 'email_bounce' })).toMatch(/unknown type "email_bounce"/);
    expect(reasonOf({ ...good, occurredAt: 'yesterday' })).toMatch(/occurredAt must be an ISO 8601/);
    expect(reasonOf({ ...good, occurredAt: '2026-06-03T12:00:00Z' })).toMatch(/more than a day in the future/);
    expect(reasonOf({ ...good, properties: [1, 2] })).toMatch(/properties must be an object/);
    expect(reasonOf({ ...good, properties: { blob: 'x'.repeat(MAX_PROPERTIES_BYTES) } })).toMatch(/properties exceed/);
    expect(reasonOf({ ...good, colour: 'red' })).toMatch(/unknown field\(s\): colour/);
    expect(reasonOf('not an event')).toMatch(/must be an object/);
  });

  it('accepts a clock a few hours ahead', () => {
    expect(checkEvent({ ...good, occurredAt: '2026-06-01T20:00:00Z' }, NOW).ok).toBe(true);
  });

  it('gives the same event the same id whatever the order of its properties or the case of its email', () => {
    const a = checkEvent({ ...good, properties: { a: 1, b: { c: 2, d: 3 } } }, NOW);
    const b = checkEvent({ ...good, email: 'ann@example.com', properties: { b: { d: 3, c: 2 }, a: 1 } }, NOW);
    const other = checkEvent({ ...good, occurredAt: '2026-05-31T10:00:01Z' }, NOW);
    if (!a.ok || !b.ok || !other.ok) throw new Error('expected valid events');
    expect(a.event._id).toBe(b.event._id);
    expect(other.event._id).not.toBe(a.event._id);
  });

  it('uses the idempotency key as the id when the sender gives one', () => {
    const checked = checkEvent({ ...good, idempotencyKey: 'esp-123' }, NOW);
    expect(checked).toMatchObject({ ok: true, event: { _id: 'key:esp-123' } });
  });
});
