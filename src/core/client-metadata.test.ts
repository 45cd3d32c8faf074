import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json.js';
import { MAX_METADATA_KEYS, MAX_METADATA_KEY_CHARS, MAX_METADATA_VALUE_CHARS, parseClientMetadata } from './client-metadata.js';
import { SwitchyardError } from './errors.js';

const refusal = (header: string) => {
  try {
    parseClientMetadata(header);
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error(`accepted ${header.slice(0, 80)}`);
};

describe('parseClientMetadata', () => {
  it('reads tags in any script, escaped (as the eval client sends them) or as raw UTF-8 bytes (curl), which Node hands over as Latin-1', () => {
    const tags = { suite: 'café-ünïcode', case: 'استرداد', variant: 'emoji 🧪 and 👩‍💻', plain: 'x' };
    const header = asciiJson(tags);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(parseClientMetadata(header)).toEqual(tags);
    expect(parseClientMetadata(Buffer.from(JSON.stringify(tags), 'utf8').toString('latin1'))).toEqual(tags);
    // Latin-1 text that is no UTF-8 is taken as it came.
    expect(parseClientMetadata('{"city":"M\u00fcnchen"}')).toEqual({ city: 'München' });
  });

  it('takes a flat object of tags, and nothing when the header is absent', () => {
    expect(parseClientMetadata(undefined)).toBeNull();
    expect(parseClientMetadata('{"feature":"triage","user":42,"beta":true,"none":null}')).toEqual({ feature: 'triage', user: 42, beta: true, none: null });
  });

  it('takes tags at every bound', () => {
    const full = Object.fromEntries(Array.from({ length: MAX_METADATA_KEYS }, (_, i) => [`${i}`.padEnd(MAX_METADATA_KEY_CHARS, 'k'), 'v'.repeat(MAX_METADATA_VALUE_CHARS)]));
    expect(parseClientMetadata(JSON.stringify(full))).toEqual(full);
  });

  it('refuses more keys than OpenAI takes in metadata, naming the count and the bound', () => {
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, i]));
    const error = refusal(JSON.stringify(many));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'x-switchyard-metadata' });
    expect(error.message).toBe('x-switchyard-metadata has 400 keys; at most 16: send the tags you filter or group traces by');
  });

  it('refuses a key too long or empty, quoting it cut short', () => {
    const long = refusal(JSON.stringify({ ['k'.repeat(5000)]: 'v' }));
    expect(long.message).toBe(`x-switchyard-metadata key "${'k'.repeat(40)}…" has 5000 characters; expected 1 to 64`);
    expect(refusal('{"":"v"}').message).toBe('x-switchyard-metadata key "" has 0 characters; expected 1 to 64');
  });

  it('refuses a value too long, a string by its length and anything else by its JSON', () => {
    expect(refusal(JSON.stringify({ note: 'x'.repeat(10_000) })).message).toBe('x-switchyard-metadata "note" has 10000 characters; at most 512');
    const nested = refusal(JSON.stringify({ user: { names: Array.from({ length: 200 }, () => 'abc') } }));
    expect(nested.message).toBe('x-switchyard-metadata "user" has 1211 characters as JSON; at most 512');
    expect(parseClientMetadata('{"user":{"id":7}}')).toEqual({ user: { id: 7 } });
  });

  it('refuses what is not a JSON object, as before', () => {
    expect(refusal('not json').message).toContain('x-switchyard-metadata must be a JSON object, got "not json"');
    expect(refusal('[1]').message).toContain('must be a JSON object such as');
    expect(refusal(`{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`).message).toContain('levels deep');
  });

  it('shows tags written as pairs as the JSON to send, and says where other JSON broke', () => {
    // Was "must be a JSON object, got "tier=enterprise"", naming no shape to send.
    expect(refusal('tier=enterprise').message).toBe('x-switchyard-metadata must be a JSON object, got "tier=enterprise": send {"tier":"enterprise"}');
    expect(refusal('feature: support, user=42').message).toContain('send {"feature":"support","user":"42"}');
    expect(refusal('{tier:"enterprise"}').message).toContain('(line 1, column 2, after "{"): names take double quotes');
    expect(refusal('{"tier":"enterprise"').message).toContain('the JSON ends before it is complete');
    // A header too long to be a few tags is not rewritten, and its quote is cut.
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v`).join(',');
    expect(refusal(many).message).not.toContain('send {');
  });

  it('names a header sent twice, which Node joins into one text that is no JSON object (it was called one "}" too many)', () => {
    const joined = '{"feature":"support"}, {"user":"42"}';
    const distinct = () => ({ 'x-switchyard-metadata': ['{"feature":"support"}', '{"user":"42"}'] });
    expect(() => parseClientMetadata(joined, distinct)).toThrow('x-switchyard-metadata is sent 2 times ({"feature":"support"}, {"user":"42"}); send it once, holding every tag in one JSON object: {"feature":"support","user":"42"}');
    // Sent once, the same text is explained as before; a header sent twice alike reads as one.
    expect(refusal(joined).message).toContain('more text follows the JSON object');
    expect(parseClientMetadata('{"a":1}, {"a":1}', () => ({ 'x-switchyard-metadata': ['{"a":1}', '{"a":1}'] }))).toEqual({ a: 1 });
  });

  it('answers pairs padded with spaces and ending in a stray character at once (the pairs pattern backtracked exponentially: 69 characters took 0.4 s, 92 never ended)', () => {
    // Sixteen pairs whose values end in spaces, then a "{" no value may hold: not pairs.
    const padded = `${Array.from({ length: 16 }, () => `a=${' '.repeat(20)}`).join(',')}{`;
    expect(refusal(padded).message).toMatch(/^x-switchyard-metadata must be a JSON object, got "a=/);
    expect(refusal(padded).message).not.toContain('send {');
    expect(refusal(`a=${' '.repeat(397)}=`).message).not.toContain('send {');
    // Pairs with spaces around every part are still rewritten, the values trimmed.
    expect(refusal(' a = 1 ;  b:two  & c.d-e = x y ').message).toContain('send {"a":"1","b":"two","c.d-e":"x y"}');
    expect(refusal('a=1,=2').message).not.toContain('send {');
    expect(refusal(`${'k'.repeat(65)}=1`).message).not.toContain('send {');
  });
});
