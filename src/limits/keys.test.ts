import { describe, expect, it } from 'vitest';
import { KeyRegistry, presentedSecret, toVirtualKey } from './keys.js';

describe('KeyRegistry', () => {
  const key = toVirtualKey({ key: 'sk-sy-limited', name: 'limited', models: ['small'] });

  it('finds keys by the hash of their secret and keeps no secret', () => {
    const registry = new KeyRegistry([key]);
    expect(registry.find('sk-sy-limited')?.name).toBe('limited');
    expect(registry.find('sk-sy-limited')?.models?.has('small')).toBe(true);
    expect(registry.find('sk-sy-other')).toBeUndefined();
    expect(JSON.stringify(key)).not.toContain('sk-sy-limited');
    expect(registry.open).toBe(false);
    expect(new KeyRegistry([]).open).toBe(true);
  });

  it('reads the secret from either SDK header style', () => {
    expect(presentedSecret({ authorization: 'Bearer sk-a' })).toBe('sk-a');
    expect(presentedSecret({ authorization: 'bearer sk-a ' })).toBe('sk-a');
    expect(presentedSecret({ 'x-api-key': 'sk-b' })).toBe('sk-b');
    expect(presentedSecret({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedSecret({})).toBeUndefined();
  });
});
