import { isIP, SocketAddress } from 'node:net';

/** One range of addresses: a network address, its prefix length and its family. */
export interface IpRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Names for the ranges a load balancer usually sits in, as Express's `trust proxy` spells some of
 * them. `private` is RFC 1918 plus IPv6 unique local addresses (fc00::/7).
 */
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/** Longer than any address or range written by hand; past it a value is not parsed (nor echoed whole). */
const MAX_RANGE_TEXT = 64;

/**
 * The ranges a `server.trusted_proxies` entry stands for: an address (`10.0.0.2`, `::1`), a CIDR
 * range (`10.0.0.0/8`, `2001:db8::/32`; host bits past the prefix are ignored, as Go's and
 * Express's parsers do) or a name from NAMED_RANGES; a sentence saying what is wrong otherwise.
 *
 * @example ipRangesOf('10.0.0.0/8') // [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }]
 * @example ipRangesOf('10.0.0.0/33') // 'the prefix of an IPv4 range is 1–32, not 33'
 */
export function ipRangesOf(text: string): IpRange[] | string {
  const named = Object.hasOwn(NAMED_RANGES, text) ? NAMED_RANGES[text] : undefined;
  if (named) return named.map((range) => ipRangesOf(range) as IpRange[]).flat();
  if (text.length > MAX_RANGE_TEXT) return `expected an IP address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}; this is ${text.length} characters long`;
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0 || address.includes('%')) {
    return `expected an IP address (10.0.0.2, ::1), a CIDR range (10.0.0.0/8, fd00::/8) or one of ${Object.keys(NAMED_RANGES).join(', ')}`;
  }
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) return `the prefix of an ${version === 4 ? 'IPv4' : 'IPv6'} range is 1–${bits}, not "${prefixText}"`;
  // An IPv4-mapped address (::ffff:10.0.0.2, as a dual-stack socket reports a peer) is the IPv4
  // address it maps, as canonicalIp reads the peer: kept as IPv6, "::ffff:10.0.0.2" stopped the
  // start (the address list's "Invalid socket address") and "::ffff:10.0.0.0/104" matched no peer.
  const mapped = version === 6 ? canonicalIp(address) : undefined;
  if (mapped !== undefined && isIP(mapped) === 4) {
    if (prefix < 96) return `an IPv4-mapped range (::ffff:a.b.c.d) needs a prefix of 96–128, not "${prefixText}": write the IPv4 range instead (::ffff:10.0.0.0/104 is 10.0.0.0/8)`;
    return ipRangesOf(`${mapped}/${prefix - 96}`);
  }
  if (slash < 0) return [{ address: canonicalIp(address) ?? address, prefix: bits, family }];
  // /0 trusts every address, the client's own included: the walk would pass the client's real
  // address and stop at whatever it wrote at the left of X-Forwarded-For.
  if (prefix === 0) return 'a /0 range trusts every address, the clients\' too, so any client could name its own address: list the load balancers\' addresses or subnet';
  return [{ address, prefix, family }];
}

/**
 * An IP address in one spelling, so one client is one throttle bucket however it is written:
 * IPv6 in its canonical form (RFC 5952: lower case, zeros compressed), an IPv4-mapped IPv6
 * address (`::ffff:10.0.0.1`, what a socket listening on `::` reports) as its IPv4 address.
 * Undefined for anything that is not an address, and for zoned IPv6 (`fe80::1%eth0`), which
 * names an interface of some other machine.
 *
 * @example canonicalIp('2001:DB8:0:0::1') // '2001:db8::1'
 * @example canonicalIp('::ffff:127.0.0.1') // '127.0.0.1'
 */
export function canonicalIp(text: string): string | undefined {
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6 || text.includes('%')) return undefined;
  const canonical = new SocketAddress({ address: text, family: 'ipv6' }).address;
  const mapped = canonical.startsWith('::ffff:') ? canonical.slice(7) : '';
  return isIP(mapped) === 4 ? mapped : canonical;
}
