import net from 'node:net';

/** What Express's `trust proxy` gets: false, a number of hops, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Parses TRUST_PROXY. It decides whose X-Forwarded-For is believed, hence the client address the
 * sign-in and token limits key on and whether a request counts as HTTPS. "true" (believe anyone)
 * is refused: any client could then pick its own address and dodge every per-address limit.
 * Returns the value, or a message saying what is wrong.
 */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { error: string } {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { value: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? { value: hops } : { error: 'TRUST_PROXY as a number of proxies must be at most 10' };
  }
  if (text === 'true') {
    return { error: 'TRUST_PROXY=true would believe any client\'s X-Forwarded-For: give the number of proxies in front of crm-sync (e.g. 1) or their addresses' };
  }
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !NAMED_RANGES.has(e) && !isAddressOrSubnet(e));
  if (bad.length) return { error: `TRUST_PROXY: ${bad.join(', ')} is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal` };
  return { value: entries };
}
