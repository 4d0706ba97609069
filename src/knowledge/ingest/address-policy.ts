/**
 * Which IP addresses the fetcher may connect to.
 *
 * Moderators can paste any URL, so without this check the bot could be used to reach services on
 * its own host or network (cloud metadata at 169.254.169.254, databases on 10.x, admin pages on
 * localhost). Everything that is not ordinary public unicast address space is refused.
 */
import { isIP } from 'node:net';

interface Range4 {
  base: number;
  prefix: number;
  label: string;
}

const IPV4_BLOCKED: Range4[] = [
  r4('0.0.0.0', 8, 'unspecified ("this network")'),
  r4('10.0.0.0', 8, 'private'),
  r4('100.64.0.0', 10, 'shared (CGNAT)'),
  r4('127.0.0.0', 8, 'loopback'),
  r4('169.254.0.0', 16, 'link-local'),
  r4('172.16.0.0', 12, 'private'),
  r4('192.0.0.0', 24, 'IETF reserved'),
  r4('192.0.2.0', 24, 'documentation'),
  r4('192.88.99.0', 24, '6to4 relay'),
  r4('192.168.0.0', 16, 'private'),
  r4('198.18.0.0', 15, 'benchmarking'),
  r4('198.51.100.0', 24, 'documentation'),
  r4('203.0.113.0', 24, 'documentation'),
  r4('224.0.0.0', 4, 'multicast'),
  r4('240.0.0.0', 4, 'reserved'),
];

interface Range6 {
  /** Eight 16-bit groups. */
  base: number[];
  prefix: number;
  label: string;
}

const IPV6_BLOCKED: Range6[] = [
  r6('::', 128, 'unspecified'),
  r6('::1', 128, 'loopback'),
  r6('::', 96, 'IPv4-compatible (deprecated)'),
  r6('64:ff9b:1::', 48, 'local NAT64'),
  r6('100::', 64, 'discard-only'),
  r6('2001::', 32, 'Teredo tunnel'),
  r6('2001:db8::', 32, 'documentation'),
  r6('fc00::', 7, 'unique-local'),
  r6('fe80::', 10, 'link-local'),
  r6('fec0::', 10, 'site-local'),
  r6('ff00::', 8, 'multicast'),
];

/**
 * Returns why an address must not be contacted (e.g. "loopback"), or undefined when it is an
 * ordinary public address. Anything that is not a valid IP literal is refused too.
 */
export function blockedAddressReason(address: string): string | undefined {
  const plain = stripBrackets(address);
  const version = isIP(plain.split('%')[0] ?? '');
  if (version === 4) return blockedV4(ipv4ToInt(plain));
  if (version === 6) return blockedV6(plain);
  return 'not an IP address';
}

function blockedV4(value: number): string | undefined {
  for (const range of IPV4_BLOCKED) {
    if (inRange4(value, range)) return range.label;
  }
  return undefined;
}

function blockedV6(address: string): string | undefined {
  const groups = parseIPv6(address);
  if (!groups) return 'not an IP address';
  // Addresses that embed an IPv4 address are judged by the IPv4 address they lead to.
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (well-known NAT64 prefix).
  if (prefixMatches(groups, MAPPED, 96) || prefixMatches(groups, NAT64, 96)) {
    const reason = blockedV4(groupsToV4(groups[6] ?? 0, groups[7] ?? 0));
    return reason === undefined ? undefined : `${reason} (IPv4 inside IPv6)`;
  }
  // 2002:aabb:ccdd::/48 (6to4) carries the IPv4 address aa.bb.cc.dd.
  if (groups[0] === 0x2002) {
    const reason = blockedV4(groupsToV4(groups[1] ?? 0, groups[2] ?? 0));
    return reason === undefined ? undefined : `${reason} (IPv4 inside 6to4)`;
  }
  for (const range of IPV6_BLOCKED) {
    if (prefixMatches(groups, range.base, range.prefix)) return range.label;
  }
  return undefined;
}

const MAPPED = [0, 0, 0, 0, 0, 0xffff, 0, 0];
const NAT64 = [0x64, 0xff9b, 0, 0, 0, 0, 0, 0];

function r4(base: string, prefix: number, label: string): Range4 {
  return { base: ipv4ToInt(base), prefix, label };
}

function r6(base: string, prefix: number, label: string): Range6 {
  const groups = parseIPv6(base);
  if (!groups) throw new Error(`bad IPv6 range ${base}`);
  return { base: groups, prefix, label };
}

function inRange4(value: number, range: Range4): boolean {
  if (range.prefix === 0) return true;
  const mask = range.prefix === 32 ? 0xffffffff : ~(0xffffffff >>> range.prefix) >>> 0;
  return ((value & mask) >>> 0) === ((range.base & mask) >>> 0);
}

function ipv4ToInt(address: string): number {
  const parts = address.split('.').map((p) => Number.parseInt(p, 10));
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function groupsToV4(high: number, low: number): number {
  return ((high << 16) | low) >>> 0;
}

function prefixMatches(groups: number[], base: number[], prefix: number): boolean {
  let remaining = prefix;
  for (let i = 0; i < 8 && remaining > 0; i++) {
    const bits = Math.min(16, remaining);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
    remaining -= bits;
  }
  return true;
}

function stripBrackets(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

/** Expands an IPv6 literal (with optional zone id and trailing dotted quad) into eight groups. */
export function parseIPv6(input: string): number[] | undefined {
  let address = stripBrackets(input).split('%')[0] ?? '';
  if (isIP(address) !== 6) return undefined;
  // Trailing dotted-quad form: ::ffff:127.0.0.1
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const v4 = ipv4ToInt(dotted[1]);
    address = `${address.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined && missing !== 0) return undefined;
  const all = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (all.length !== 8) return undefined;
  return all.map((g) => Number.parseInt(g, 16));
}
