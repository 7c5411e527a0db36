/**
 * SSRF protection for webhook targets: only plain http(s) URLs without credentials, whose host
 * resolves to public addresses only. The vetted address is returned so the request connects to
 * exactly it (DNS answering differently between check and connect cannot redirect us inward).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** A target that passed the checks: connect to `address`, send `Host`/SNI from `url`. */
export interface VettedTarget {
  readonly url: URL;
  readonly hostname: string;
  readonly address: string;
  readonly family: 4 | 6;
}

/** Why a URL may not be called; `reason` is shown to API users. */
export class TargetRefused extends Error {
  /** isTransient: the name did not resolve, which may change; a refused address will not. */
  constructor(
    readonly reason: string,
    readonly isTransient = false,
  ) {
    super(reason);
  }
}

/** Resolves host names; replaceable in tests. */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: HostLookup = (host) => lookup(host, { all: true, verbatim: true });

/** The URL's syntax alone: scheme, credentials, host. */
export function checkUrlSyntax(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TargetRefused('must use https: or http:');
  if (url.username || url.password) throw new TargetRefused('must not contain credentials');
  if (!url.hostname) throw new TargetRefused('must name a host');
  return url;
}

/**
 * Checks a URL and resolves its host; every address must be public unless `allowPrivate`.
 * DNS failures are TargetRefused too (the caller decides whether that is worth a retry).
 */
export async function vetTarget(
  raw: string,
  options: { allowPrivate: boolean; lookup?: HostLookup },
): Promise<VettedTarget> {
  const url = checkUrlSyntax(raw);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(hostname);
    } catch (error) {
      throw new TargetRefused(
        `host ${hostname} does not resolve (${(error as Error).message})`,
        true,
      );
    }
  }
  const first = addresses[0];
  if (!first) throw new TargetRefused(`host ${hostname} does not resolve`, true);
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const range = nonPublicRange(address);
      if (range)
        throw new TargetRefused(`host ${hostname} resolves to ${address}, a ${range} address`);
    }
  }
  return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}

type Range = readonly [prefix: readonly number[], bits: number, name: string];

const IPV4_RANGES: readonly Range[] = [
  [[0, 0, 0, 0], 8, 'unspecified ("this network")'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'carrier-grade NAT'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'IETF protocol assignment'],
  [[192, 0, 2, 0], 24, 'documentation'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'benchmarking'],
  [[198, 51, 100, 0], 24, 'documentation'],
  [[203, 0, 113, 0], 24, 'documentation'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];

// Prefixes in 16-bit groups.
const IPV6_RANGES: readonly Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x100, 0, 0, 0], 64, 'discard-only'],
  [[0x2001, 0xdb8], 32, 'documentation'],
  [[0xfc00], 7, 'unique-local'],
  [[0xfe80], 10, 'link-local'],
  [[0xfec0], 10, 'site-local'],
  [[0xff00], 8, 'multicast'],
];

/** The name of the non-public range an IP address is in, or null when it is public. */
export function nonPublicRange(address: string): string | null {
  const kind = isIP(address);
  if (kind === 4) return inRanges(address.split('.').map(Number), 8, IPV4_RANGES);
  if (kind !== 6) return 'unparseable';
  const groups = ipv6Groups(address);
  const embedded = embeddedIpv4(groups);
  if (embedded) return nonPublicRange(embedded);
  return inRanges(groups, 16, IPV6_RANGES);
}

function inRanges(parts: number[], width: number, ranges: readonly Range[]): string | null {
  for (const [prefix, bits, name] of ranges) {
    let remaining = bits;
    let matches = true;
    for (let i = 0; remaining > 0; i += 1, remaining -= width) {
      const take = Math.min(width, remaining);
      const mask = ((1 << take) - 1) << (width - take);
      if (((parts[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) {
        matches = false;
        break;
      }
    }
    if (matches) return name;
  }
  return null;
}

/** An IPv6 address as its eight 16-bit groups (the URL parser folds dotted quads into hex). */
function ipv6Groups(address: string): number[] {
  const normal = new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  const [head = '', tail] = normal.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros: string[] =
    tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64
 * (64:ff9b::/96) or 6to4 (2002::/16) address: these reach the IPv4 address, so it is judged.
 */
function embeddedIpv4(g: number[]): string | null {
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(5) && g[5] === 0xffff) return quad(g[6]!, g[7]!);
  if (zeroUntil(6) && (g[6] !== 0 || g[7]! > 1)) return quad(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return quad(g[6]!, g[7]!);
  if (g[0] === 0x2002) return quad(g[1]!, g[2]!);
  return null;
}
