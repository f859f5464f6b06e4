/**
 * Where crm-sync may send requests that carry secrets or that an admin aims: CRM login hosts and
 * alert webhooks. Both are typed in by a person, so both are checked here before anything is sent:
 * an admin (or a stolen admin session) must not be able to point stored CRM secrets at a host of
 * their choosing, nor turn the server into a probe of its own network.
 */
import net from 'node:net';

/** The operator's settings (domain/config.ts); the same for the API and the worker. */
export interface OutboundHostPolicy {
  /**
   * Development only (CRM_SYNC_ALLOW_LOOPBACK_HOSTS): loopback hosts, over http or https, for the
   * CRM emulator and a local webhook receiver. Refused with NODE_ENV=production.
   */
  allowLoopback: boolean;
  /** CRM_SYNC_CRM_LOGIN_HOSTS: login hosts allowed besides each CRM's documented ones (host patterns). */
  extraCrmLoginHosts: readonly string[];
  /** CRM_SYNC_WEBHOOK_HOSTS: when set, the only hosts alert webhooks may call; these may be internal. */
  webhookHosts: readonly string[];
}

/** What holds when nobody configured anything: https to public hosts only. */
export const STRICT_OUTBOUND_HOSTS: OutboundHostPolicy = { allowLoopback: false, extraCrmLoginHosts: [], webhookHosts: [] };

/** `login.salesforce.com` or `*.my.salesforce.com` (any depth of subdomain, never the bare domain). */
export const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

/** A URL's hostname as compared: lower case, no IPv6 brackets, no trailing root dot. */
export function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

export function hostMatches(hostname: string, pattern: string): boolean {
  const host = normalHost(hostname);
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
}

export function matchesAnyHost(hostname: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => hostMatches(hostname, pattern));
}

function ipv4Parts(address: string): number[] | null {
  if (!net.isIPv4(address)) return null;
  return address.split('.').map(Number);
}

/**
 * Addresses that are not the public internet: loopback, private ranges, link-local (where cloud
 * metadata services answer), carrier-grade NAT, benchmarking, multicast, reserved and unspecified.
 */
export function isInternalAddress(address: string): boolean {
  const a = normalHost(address);
  const v4 = ipv4Parts(a) ?? ipv4Parts(a.replace(/^::ffff:/, ''));
  if (v4) {
    const [x, y] = v4;
    return x === 0 || x === 10 || x === 127 || x >= 224 || (x === 100 && y >= 64 && y < 128) || (x === 169 && y === 254) ||
      (x === 172 && y >= 16 && y < 32) || (x === 192 && y === 168) || (x === 192 && y === 0 && v4[2] === 0) || (x === 198 && (y === 18 || y === 19));
  }
  if (!net.isIPv6(a)) return false;
  // Unspecified, loopback, unique-local (fc00::/7), link-local (fe80::/10), multicast (ff00::/8).
  return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = normalHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4Parts(host) ?? ipv4Parts(host.replace(/^::ffff:/, ''));
  return v4 ? v4[0] === 127 : host === '::1';
}

/** A URL that names only where to go: no user name or password to leak, no fragment. */
export function parseOutboundUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.username || url.password || url.hash ? null : url;
  } catch {
    return null;
  }
}
