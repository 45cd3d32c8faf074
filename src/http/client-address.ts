import type { IncomingHttpHeaders } from 'node:http';
import { BlockList } from 'node:net';
import { canonicalIp, ipRangesOf } from '../core/ip-ranges.js';
import { entryAddress, forwardedEntries } from './forwarded-entries.js';

/** The header a trusted proxy writes the client's address into (`server.client_ip_header`). */
export type ClientIpHeader = 'x-forwarded-for' | 'forwarded';

/** What the gateway needs of a request to say who sent it. */
export interface PeerRequest {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string };
}

/** Who sent a request. */
export interface ClientAddress {
  /** The client's address: the connection's peer, or what trusted proxies forwarded. */
  address: string;
  /** The connection's peer (the nearest proxy when there is one). */
  peer: string;
  /** Whether the client reached the gateway over HTTPS, as a proxy in front says. */
  https: boolean;
}

/**
 * Entries read from the right at most: more proxies than this in a row is a forged chain (or a
 * misconfiguration), and the bound keeps a header of thousands of entries from costing more
 * than a few. Past it, the address is the last (trusted) hop read.
 */
const MAX_HOPS = 16;

/**
 * Who sent a request when the gateway may sit behind proxies (`server.trusted_proxies`). With no
 * trusted proxy, the client is the connection's peer and forwarding headers are ignored: any
 * client can write `X-Forwarded-For`, so believing it by default would let a client pick its
 * own address (and a fresh sign-in throttle bucket with every request). With trusted proxies, and
 * only when the peer is one of them, the client is the right-most entry of the configured header
 * that is not itself a trusted proxy, walking from the right as Express, Fastify and Caddy do:
 * entries to its left were written by the client or proxies nobody vouches for. An entry that is
 * not an address (`unknown`, `_hidden`, garbage) stops the walk at the hop that wrote it.
 *
 * @example
 * const proxies = new TrustedProxies(['10.0.0.0/8']);
 * proxies.clientOf({ headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' }, socket: { remoteAddress: '10.0.0.2' } }).address // '203.0.113.7'
 */
export class TrustedProxies {
  /** No trusted proxy: the peer is the client, as before `server.trusted_proxies` existed. */
  static readonly none = new TrustedProxies([]);

  private readonly v4 = new BlockList();
  private readonly v6 = new BlockList();
  readonly configured: boolean;

  /** `ranges` as `server.trusted_proxies` accepts them; throws on one config validation lets through (never, there). */
  constructor(
    ranges: readonly string[],
    private readonly header: ClientIpHeader = 'x-forwarded-for',
  ) {
    this.configured = ranges.length > 0;
    for (const text of ranges) {
      const parsed = ipRangesOf(text);
      if (typeof parsed === 'string') throw new TypeError(`trusted proxy ${JSON.stringify(text)}: ${parsed}`);
      // One list per family: a BlockList matches IPv4 addresses against IPv6 rules (::/0 takes them all).
      for (const range of parsed) (range.family === 'ipv4' ? this.v4 : this.v6).addSubnet(range.address, range.prefix, range.family);
    }
  }

  /** Whether `address` (canonical, see canonicalIp) is a trusted proxy. */
  trusts(address: string): boolean {
    return address.includes(':') ? this.v6.check(address, 'ipv6') : this.v4.check(address, 'ipv4');
  }

  /** Who sent `req`: its address, the connection's peer, and whether it came over HTTPS. */
  clientOf(req: PeerRequest): ClientAddress {
    const raw = req.socket.remoteAddress ?? 'unknown';
    // Unconfigured, exactly as before: the peer as the socket spells it.
    if (!this.configured) return { address: raw, peer: raw, https: firstProto(req.headers['x-forwarded-proto']) === 'https' };
    const peer = canonicalIp(raw);
    if (peer === undefined || !this.trusts(peer)) return { address: peer ?? raw, peer: peer ?? raw, https: false };
    const text = req.headers[this.header];
    let address = peer;
    let proto = this.header === 'x-forwarded-for' ? firstProto(req.headers['x-forwarded-proto']) : undefined;
    if (typeof text === 'string') {
      for (const entry of forwardedEntries(this.header, text, MAX_HOPS)) {
        const hop = entryAddress(entry.for);
        const ip = hop === undefined ? undefined : canonicalIp(hop);
        if (ip === undefined) break;
        address = ip;
        if (this.header === 'forwarded') proto = entry.proto;
        if (!this.trusts(ip)) break;
      }
    }
    return { address, peer, https: proto === 'https' };
  }
}

/**
 * The scheme in `X-Forwarded-Proto`: its first entry, as Express reads it (a chain of proxies that
 * append writes the client-facing one's first).
 */
function firstProto(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const comma = value.indexOf(',');
  return (comma < 0 ? value : value.slice(0, comma)).trim().toLowerCase();
}

/**
 * The client as an audit line names it: its address, and the proxy it came through when that is
 * another address.
 *
 * @example whereFrom({ address: '203.0.113.7', peer: '10.0.0.2', https: true }) // '203.0.113.7 via 10.0.0.2'
 */
export function whereFrom(client: ClientAddress): string {
  return client.address === client.peer ? client.address : `${client.address} via ${client.peer}`;
}
