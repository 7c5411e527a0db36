import { canonicalIp, type CidrList } from './cidr.js';

/** One X-Forwarded-For entry, which some proxies write with a port (`192.0.2.1:5000`, `[2001:db8::1]:443`). */
function forwardedAddress(entry: string): string | null {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return canonicalIp(bracketed[1]!);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return canonicalIp(v4WithPort ? v4WithPort[1]! : text);
}

/**
 * The client's address. The socket peer is the client unless it is one of our trusted proxies;
 * then X-Forwarded-For is walked from the right (each proxy appends the address it saw), skipping
 * further trusted proxies, and the first address we do not trust is the client. Entries left of it
 * were written by the client itself and are never believed, so a spoofed header gains nothing.
 */
export function resolveClientIp(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: CidrList,
): string | null {
  const peerIp = peer ? canonicalIp(peer) : null;
  if (!peerIp || !forwardedFor || !trustedProxies.contains(peerIp)) return peerIp;
  let client = peerIp;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = forwardedAddress(hops[i]!);
    // A malformed hop ends the chain: the last address a trusted proxy vouched for stands.
    if (!hop) return client;
    client = hop;
    if (!trustedProxies.contains(hop)) return hop;
  }
  return client;
}

/** The scheme the client used: X-Forwarded-Proto from a trusted proxy, else the socket's. */
export function resolveClientProtocol(
  peer: string | undefined,
  forwardedProto: string | undefined,
  socketProtocol: string,
  trustedProxies: CidrList,
): 'http' | 'https' {
  const fallback = socketProtocol === 'https' ? 'https' : 'http';
  if (!peer || !forwardedProto || !trustedProxies.contains(canonicalIp(peer))) return fallback;
  // The proxy nearest to us wrote the last value.
  const last = forwardedProto.split(',').pop()?.trim().toLowerCase();
  return last === 'https' || last === 'http' ? last : fallback;
}
