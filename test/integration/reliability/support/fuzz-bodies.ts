import fc from 'fast-check';

/** Field names the JSON API reads somewhere, so random objects hit real validators, not just "unknown key". */
const KNOWN_KEYS = [
  'name', 'mode', 'listId', 'connectionId', 'query', 'segmentId', 'source', 'kind', 'campaignId', 'object', 'where', 'fields', 'steps',
  'field', 'set', 'value', 'role', 'email', 'password', 'loginUrl', 'auth', 'type', 'username', 'securityToken', 'syncSettings',
  'mapping', 'standard', 'custom', 'pushPolicy', 'lists', 'segments', 'key', 'events', 'crmId', 'occurredAt', 'idempotencyKey',
  'points', 'caps', 'halfLifeDays', 'minutes', 'at', 'timeZone', 'overlap', 'paused', 'webhookUrl', 'staleAfterMinutes',
  'freshnessMinutes', 'add', 'update', 'remove', 'pullFields', 'pushFields', 'bulkThreshold', 'driftCheck', 'refreshCalculated',
  'page', 'perPage', 'createRecords', 'enabled', 'when',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$set', '$ne', 'a.b', ''];

const value = fc.jsonValue({ maxDepth: 3 });

/** Objects of known and hostile keys with random JSON values, sometimes nested one level in known keys. */
const plausibleObject = fc.dictionary(fc.constantFrom(...KNOWN_KEYS, ...HOSTILE_KEYS), fc.oneof(value, fc.dictionary(fc.constantFrom(...KNOWN_KEYS), value, { maxKeys: 4 })), { maxKeys: 6 });

/** Text that is not JSON, or JSON that stops early, or JSON that tries prototype pollution. */
const MALFORMED_TEXT = [
  '{', '[', '{"name":', '{"name": "x",}', "{'name': 'x'}", 'undefined', 'NaN', '{"a":1}{"b":2}', '\u0000', '"\\ud800"',
  '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"polluted": true}}}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
];

/** A raw request body: the text sent with `content-type: application/json`. */
export const fuzzBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: plausibleObject.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: value.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_TEXT) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...KNOWN_KEYS).map((key) => JSON.stringify({ [key]: 'x'.repeat(300_000) })) },
);
