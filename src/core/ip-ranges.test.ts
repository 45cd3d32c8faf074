import { describe, expect, it } from 'vitest';
import { canonicalIp, ipRangesOf } from './ip-ranges.js';

describe('ipRangesOf', () => {
  it('reads addresses, CIDR ranges of both families and the named ranges', () => {
    expect(ipRangesOf('10.0.0.2')).toEqual([{ address: '10.0.0.2', prefix: 32, family: 'ipv4' }]);
    expect(ipRangesOf('10.0.0.0/8')).toEqual([{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }]);
    expect(ipRangesOf('2001:DB8::1')).toEqual([{ address: '2001:db8::1', prefix: 128, family: 'ipv6' }]);
    expect(ipRangesOf('fd00::/8')).toEqual([{ address: 'fd00::', prefix: 8, family: 'ipv6' }]);
    expect(ipRangesOf('loopback')).toEqual([{ address: '127.0.0.0', prefix: 8, family: 'ipv4' }, { address: '::1', prefix: 128, family: 'ipv6' }]);
    expect((ipRangesOf('private') as unknown[]).length).toBe(4);
  });

  it('says what is wrong with a range it cannot read', () => {
    expect(ipRangesOf('10.0.0.0/33')).toBe('the prefix of an IPv4 range is 1–32, not "33"');
    expect(ipRangesOf('fd00::/129')).toBe('the prefix of an IPv6 range is 1–128, not "129"');
    expect(ipRangesOf('10.0.0.0/')).toContain('not ""');
    expect(ipRangesOf('10.0.0.0/-1')).toContain('not "-1"');
    for (const bad of ['10.0.0', '10.0.0.256/8', 'localhost', '', 'fe80::1%eth0', 'constructor', '[::1]']) expect(ipRangesOf(bad), bad).toMatch(/^expected an IP address/);
    expect(ipRangesOf('1'.repeat(10_000))).toMatch(/10000 characters long$/);
  });

  it('reads an IPv4-mapped address or range as the IPv4 one it maps, as the peer is read (helper hostile11)', () => {
    // Before: "::ffff:10.0.0.2" passed the config and stopped the start ("Invalid socket address");
    // "::ffff:10.0.0.0/104" was an IPv6 range no peer matched (a mapped peer is read as IPv4).
    expect(ipRangesOf('::ffff:10.0.0.2')).toEqual([{ address: '10.0.0.2', prefix: 32, family: 'ipv4' }]);
    expect(ipRangesOf('::FFFF:10.0.0.0/104')).toEqual([{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }]);
    expect(ipRangesOf('::ffff:0:0/96')).toMatch(/trusts every address/);
    expect(ipRangesOf('::ffff:10.0.0.0/64')).toBe('an IPv4-mapped range (::ffff:a.b.c.d) needs a prefix of 96–128, not "64": write the IPv4 range instead (::ffff:10.0.0.0/104 is 10.0.0.0/8)');
  });

  it('refuses /0, which would trust the clients themselves', () => {
    expect(ipRangesOf('0.0.0.0/0')).toMatch(/trusts every address/);
    expect(ipRangesOf('::/0')).toMatch(/trusts every address/);
  });
});

describe('canonicalIp', () => {
  it('spells one address one way, so one client is one bucket', () => {
    expect(canonicalIp('203.0.113.7')).toBe('203.0.113.7');
    expect(canonicalIp('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIp('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(canonicalIp('::1')).toBe('::1');
  });

  it('is undefined for anything that is not an address', () => {
    for (const bad of ['', 'unknown', '_hidden', '01.2.3.4', '1.2.3.4 ', 'fe80::1%eth0', '1.2.3.4:80', '[::1]']) expect(canonicalIp(bad), bad).toBeUndefined();
  });
});
