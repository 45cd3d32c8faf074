import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type ClientIpHeader, TrustedProxies, whereFrom } from './client-address.js';
import { entryAddress, forwardedEntries } from './forwarded-entries.js';

const LB = '10.0.0.2';
const CLIENT = '203.0.113.7';

function from(peer: string | undefined, headers: Record<string, string> = {}) {
  return { headers, socket: { remoteAddress: peer } };
}

function clientOf(trusted: string[], peer: string | undefined, headers: Record<string, string> = {}, header?: ClientIpHeader) {
  return new TrustedProxies(trusted, header).clientOf(from(peer, headers));
}

describe('TrustedProxies: the client behind a load balancer', () => {
  it('with no trusted proxy, is the peer as the socket spells it, whatever the headers say', () => {
    const headers = { 'x-forwarded-for': CLIENT, forwarded: `for=${CLIENT}` };
    expect(TrustedProxies.none.clientOf(from(LB, headers))).toEqual({ address: LB, peer: LB, https: false });
    expect(TrustedProxies.none.clientOf(from('::ffff:10.0.0.2', headers)).address).toBe('::ffff:10.0.0.2');
    expect(TrustedProxies.none.clientOf(from(undefined)).address).toBe('unknown');
  });

  it('is the right-most X-Forwarded-For entry that is not a trusted proxy, through a trusted peer', () => {
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': CLIENT }).address).toBe(CLIENT);
    // The client wrote the left entries; the load balancer appended what it saw.
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `1.1.1.1, 10.9.9.9, ${CLIENT}` }).address).toBe(CLIENT);
    // Two proxies in the trusted range: the walk passes both.
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `1.1.1.1, ${CLIENT}, 10.0.0.9, 10.0.0.8` })).toEqual({ address: CLIENT, peer: LB, https: false });
    // A chain of proxies that are each trusted by address.
    expect(clientOf([LB, '192.168.1.5'], LB, { 'x-forwarded-for': `${CLIENT},192.168.1.5` }).address).toBe(CLIENT);
    // Repeated header lines arrive joined by Node with ", ".
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `1.1.1.1, ${CLIENT}` }).address).toBe(CLIENT);
  });

  it('ignores the headers from a peer that is not trusted, and says the peer', () => {
    const headers = { 'x-forwarded-for': CLIENT, 'x-forwarded-proto': 'https' };
    expect(clientOf(['10.0.0.0/8'], '198.51.100.4', headers)).toEqual({ address: '198.51.100.4', peer: '198.51.100.4', https: false });
    expect(clientOf(['loopback'], LB, headers).address).toBe(LB);
  });

  it('is the peer when a trusted peer sends no header, an empty one or only trusted entries', () => {
    expect(clientOf(['10.0.0.0/8'], LB).address).toBe(LB);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '' }).address).toBe(LB);
    // Every entry trusted: the furthest one read, as Express answers.
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '10.0.0.7, 10.0.0.8' }).address).toBe('10.0.0.7');
  });

  it('stops at an entry that is not an address, keeping the hop that wrote it', () => {
    for (const garbage of ['unknown', '_hidden', 'x'.repeat(10_000), '<script>', '1.2.3', '1.2.3.4.5', 'fe80::1%eth0', '[::1', '::1]', '"1.2.3.4"', '999.1.1.1']) {
      expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${CLIENT}, ${garbage}` }).address, garbage.slice(0, 20)).toBe(LB);
      expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${CLIENT}, ${garbage}, 10.0.0.5` }).address, garbage.slice(0, 20)).toBe('10.0.0.5');
    }
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${CLIENT},,` }).address).toBe(LB);
  });

  it('reads IPv6 with brackets and ports, IPv4 with a port, and spells each address one way', () => {
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '[2001:DB8::1]:4711' }).address).toBe('2001:db8::1');
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '[2001:db8::1]' }).address).toBe('2001:db8::1');
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '2001:db8:0:0:0:0:0:1' }).address).toBe('2001:db8::1');
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${CLIENT}:50321` }).address).toBe(CLIENT);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '::ffff:203.0.113.7' }).address).toBe(CLIENT);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': '[2001:db8::1]:port' }).address).toBe(LB);
  });

  it('trusts IPv6 proxies and a peer on a socket that listens on :: (IPv4-mapped)', () => {
    expect(clientOf(['fd00::/8'], 'fd00::2', { 'x-forwarded-for': `${CLIENT}, fd00::3` })).toEqual({ address: CLIENT, peer: 'fd00::2', https: false });
    expect(clientOf(['10.0.0.0/8'], '::ffff:10.0.0.2', { 'x-forwarded-for': CLIENT })).toEqual({ address: CLIENT, peer: LB, https: false });
    expect(clientOf(['loopback'], '::1', { 'x-forwarded-for': '2001:db8::7' }).address).toBe('2001:db8::7');
    // An IPv6 range never takes IPv4 addresses in (node's BlockList would match them against ::/1).
    expect(clientOf(['::/1'], LB, { 'x-forwarded-for': CLIENT }).address).toBe(LB);
    // A proxy listed as the socket spells it (helper hostile11): the start threw, or no peer matched.
    expect(clientOf(['::ffff:10.0.0.2'], '::ffff:10.0.0.2', { 'x-forwarded-for': CLIENT }).address).toBe(CLIENT);
    expect(clientOf(['::ffff:10.0.0.0/104'], LB, { 'x-forwarded-for': CLIENT }).address).toBe(CLIENT);
  });

  it('bounds the walk: past 16 trusted entries the last one read stands, however long the header', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ');
    expect(many.length).toBeGreaterThan(10_000);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${CLIENT}, ${many}` }).address).toBe('10.0.7.192');
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': `${many}, ${CLIENT}` }).address).toBe(CLIENT);
    const entries = [...forwardedEntries('x-forwarded-for', `${'1.2.3.4,'.repeat(5_000)}5.6.7.8`, 16)];
    expect(entries).toHaveLength(16);
    expect(entries[0]?.for).toBe('5.6.7.8');
  });

  it('reads RFC 7239 Forwarded when configured to, and only then', () => {
    const forwarded = `for=1.1.1.1;proto=http, for="[2001:db8:cafe::17]:4711";proto=https;by=10.0.0.2, for=${'10.0.0.9'}`;
    expect(clientOf(['10.0.0.0/8'], LB, { forwarded }, 'forwarded')).toEqual({ address: '2001:db8:cafe::17', peer: LB, https: true });
    expect(clientOf(['10.0.0.0/8'], LB, { forwarded: `For=${CLIENT}`, 'x-forwarded-for': '9.9.9.9' }, 'forwarded').address).toBe(CLIENT);
    // The header not configured is the one a client could forge: ignored.
    expect(clientOf(['10.0.0.0/8'], LB, { forwarded: `for=${CLIENT}` }).address).toBe(LB);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': CLIENT }, 'forwarded').address).toBe(LB);
    for (const garbage of ['for=unknown', 'for=_hidden', 'for', 'for=1.1.1.1;for=2.2.2.2', 'for="1.1.1.1', 'for="1.1\\.1.1"', 'by=1.1.1.1']) {
      expect(clientOf(['10.0.0.0/8'], LB, { forwarded: `for=${CLIENT}, ${garbage}` }, 'forwarded').address, garbage).toBe(LB);
    }
  });

  it('takes the scheme from a trusted proxy only', () => {
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-proto': 'https' }).https).toBe(true);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-proto': 'HTTPS, http' }).https).toBe(true);
    expect(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-proto': 'http' }).https).toBe(false);
    expect(clientOf(['10.0.0.0/8'], '198.51.100.4', { 'x-forwarded-proto': 'https' }).https).toBe(false);
    // Unconfigured, the header is read as it always was: it only changes what the client itself is told.
    expect(TrustedProxies.none.clientOf(from('198.51.100.4', { 'x-forwarded-proto': 'https' })).https).toBe(true);
  });

  it('names the proxy beside the client in audit lines', () => {
    expect(whereFrom(clientOf(['10.0.0.0/8'], LB, { 'x-forwarded-for': CLIENT }))).toBe(`${CLIENT} via ${LB}`);
    expect(whereFrom(clientOf(['10.0.0.0/8'], '198.51.100.4'))).toBe('198.51.100.4');
  });
});

describe('TrustedProxies on hostile headers', () => {
  it('never throws, always answers an address, and never reads the header of a peer it does not trust', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', 'fd00::/8']);
    const piece = fc.oneof(
      fc.constantFrom(',', ', ', ';', '=', '"', '[', ']', ':', 'for=', 'proto=https', '10.0.0.9', 'fd00::9', CLIENT, '2001:DB8::1', '::ffff:1.2.3.4', 'unknown', '%eth0', ' '),
      fc.string({ maxLength: 8 }),
    );
    const header = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(header, fc.constantFrom<ClientIpHeader>('x-forwarded-for', 'forwarded'), fc.constantFrom(LB, 'fd00::2', '198.51.100.4'), (text, name, peer) => {
        const client = new TrustedProxies(['10.0.0.0/8', 'fd00::/8'], name).clientOf(from(peer, { [name]: text, 'x-forwarded-proto': text }));
        expect(client.peer).toBe(peer);
        expect(isIP(client.address)).not.toBe(0);
        expect(proxies.clientOf(from('198.51.100.4', { 'x-forwarded-for': text })).address).toBe('198.51.100.4');
      }),
      { numRuns: 500 },
    );
  });
});

describe('entryAddress', () => {
  it('strips the brackets and port a proxy adds, and nothing else', () => {
    expect(entryAddress('[::1]:80')).toBe('::1');
    expect(entryAddress('1.2.3.4:65535')).toBe('1.2.3.4');
    expect(entryAddress('::1')).toBe('::1');
    expect(entryAddress('[::1]x')).toBeUndefined();
    expect(entryAddress('')).toBeUndefined();
  });
});
