import { describe, expect, it } from 'vitest';
import { decodeToolCallId, encodeToolCallId } from './tool-call-id.js';

const SIGNATURE = 'i6WkwpTVWOjzIR6UTiHn3fvlu2u0yahxbgUibD/L11RE19BYe7R7DW+eOyjUzJjaFIZ/BZCdTpvKh4IC9onvvA==';

describe('tool call ids', () => {
  it('carry a thought signature and a Gemini call id there and back, in characters any client accepts', () => {
    const id = encodeToolCallId({ base: 'abc123t0', geminiId: 'fc_9/x', signature: SIGNATURE });
    expect(id).toMatch(/^call_[A-Za-z0-9_-]+$/);
    expect(decodeToolCallId(id)).toEqual({ geminiId: 'fc_9/x', signature: SIGNATURE });
    expect(decodeToolCallId(encodeToolCallId({ base: 'abc123t1' }))).toEqual({ geminiId: undefined, signature: undefined });
    expect(encodeToolCallId({ base: 'abc123t1' })).toBe('call_abc123t1');
  });

  it('read nothing from ids made elsewhere or tampered with', () => {
    for (const id of ['toolu_01A09q90qw90lq917835lq9', 'call_', 'call_abc_x', 'call_abc_g99_short', 'call_abc_g0_', 'chatcmpl-1']) {
      expect(decodeToolCallId(id)).toEqual({ geminiId: undefined, signature: undefined });
    }
  });
});
