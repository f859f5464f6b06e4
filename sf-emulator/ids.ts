/** Salesforce record ids: 15 case-sensitive characters plus a 3-character suffix that makes them case-insensitively unique. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Each suffix character encodes which of five id characters are upper-case letters. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

const ID_CHARS = /^[0-9A-Za-z]+$/;

/** Returns the 18-character form of a 15- or 18-character id, or undefined when it is not an id at all. */
export function normalizeId(value: string): string | undefined {
  if ((value.length !== 15 && value.length !== 18) || !ID_CHARS.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const full = id15 + checksumSuffix(id15);
  if (value.length === 18 && value.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/**
 * Mints ids as prefix + pod ("8d") + "0" + a base-62 counter, so ids sort in creation order
 * just as Salesforce's do within one pod; a `salt` keeps different orgs' ids apart.
 */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  constructor(private readonly salt = 0) {}

  next(keyPrefix: string): string {
    const n = (this.counters.get(keyPrefix) ?? 0) + 1;
    this.counters.set(keyPrefix, n);
    return makeId(keyPrefix, n + this.salt * 1_000_000_000);
  }
}

export function makeId(keyPrefix: string, n: number): string {
  let digits = '';
  let rest = n;
  for (let i = 0; i < 9; i++) {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  }
  const id15 = `${keyPrefix}8d0${digits}`;
  return id15 + checksumSuffix(id15);
}
