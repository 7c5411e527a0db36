import { isIPv4, isIPv6 } from 'node:net';

/** A parsed address: its family and its value as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR range; a bare address is a range of one (/32 or /128). */
export interface CidrRange {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Expands an IPv6 text (already checked by node:net) into its 128-bit value. */
function parseV6(text: string): bigint {
  let body = text;
  const tail: bigint[] = [];
  // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two 16-bit groups.
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseV4(last);
    tail.push(v4 >> 16n, v4 & 0xffffn);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const [headText = '', restText] = body.split('::');
  const groupsOf = (part: string | undefined): bigint[] =>
    part ? part.split(':').map((g) => BigInt(parseInt(g, 16))) : [];
  const head = groupsOf(headText);
  const rest = groupsOf(restText);
  const missing = restText === undefined ? 0 : 8 - tail.length - head.length - rest.length;
  const groups = [...head, ...new Array<bigint>(missing).fill(0n), ...rest, ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | group, 0n);
}

/**
 * Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, how a dual-stack
 * socket reports IPv4 peers) become plain IPv4 so one allowlist entry covers both spellings.
 * Zone ids and anything node:net does not accept give null.
 */
export function parseIp(raw: string): IpAddress | null {
  const text = raw.trim();
  if (isIPv4(text)) return { family: 4, value: parseV4(text) };
  if (!isIPv6(text) || text.includes('%')) return null;
  const value = parseV6(text.toLowerCase());
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/** Parses `address` or `address/prefix`; null when malformed. Host bits are masked off. */
export function parseCidr(raw: string): CidrRange | null {
  const parts = raw.trim().split('/');
  if (parts.length > 2 || !parts[0]) return null;
  const address = parseIp(parts[0]);
  if (!address) return null;
  const mappedInput = address.family === 4 && parts[0].includes(':');
  const width = address.family === 4 ? 32 : 128;
  let prefix = width;
  if (parts[1] !== undefined) {
    if (!/^\d{1,3}$/.test(parts[1])) return null;
    prefix = Number(parts[1]);
    // A mapped range (::ffff:10.0.0.0/104) counts its prefix over 128 bits.
    if (mappedInput) prefix -= 96;
    if (prefix < 0 || prefix > width) return null;
  }
  return { family: address.family, network: address.value & mask(width, prefix), prefix };
}

function mask(width: number, prefix: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return prefix === 0 ? 0n : all ^ ((1n << BigInt(width - prefix)) - 1n);
}

/** True when address lies in range (families must match after IPv4-mapped normalisation). */
export function cidrContains(range: CidrRange, address: IpAddress): boolean {
  if (range.family !== address.family) return false;
  const width = range.family === 4 ? 32 : 128;
  return (address.value & mask(width, range.prefix)) === range.network;
}

/** A matcher over many ranges; malformed entries throw, since they come from validated config. */
export class CidrList {
  private readonly ranges: CidrRange[];

  constructor(entries: readonly string[]) {
    this.ranges = entries.map((entry) => {
      const range = parseCidr(entry);
      if (!range) throw new Error(`not a CIDR range: ${JSON.stringify(entry)}`);
      return range;
    });
  }

  /** A matcher over stored entries: one that does not parse matches nothing instead of failing. */
  static lenient(entries: readonly string[]): CidrList {
    return new CidrList(entries.filter((entry) => parseCidr(entry) !== null));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** True when ip (a string or a parsed address) is in any range; false for unparsable input. */
  contains(ip: string | IpAddress | null | undefined): boolean {
    const address = typeof ip === 'string' ? parseIp(ip) : ip;
    if (!address) return false;
    return this.ranges.some((range) => cidrContains(range, address));
  }
}

/** The canonical text of an address (IPv4-mapped collapsed to IPv4), or null when unparsable. */
export function canonicalIp(raw: string): string | null {
  const address = parseIp(raw);
  if (!address) return null;
  if (address.family === 4) {
    const v = address.value;
    return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((address.value >> shift) & 0xffffn).toString(16));
  }
  return compressV6(groups);
}

function compressV6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
