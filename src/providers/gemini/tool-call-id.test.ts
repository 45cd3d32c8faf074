import { describe, expect, it } from 'vitest';
import { MAX_TOOL_CALL_ID_LENGTH } from '../../core/wire-schemas.js';
import { SignatureVault } from './signature-vault.js';
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

  it('give a signature back spelt as it came: Google\'s sentinel and URL-safe base64 are not rewritten as standard base64', () => {
    // Before 2026-12-07 (leftovers15): 'skip/thought/signature/validator', the same bytes spelt otherwise.
    for (const signature of ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go', 'i6Wk-pTV_Ojz', 'i6Wk-pTV_Ojz-g==', 'i6WkwpTVWOjzIR6U/g', 'ab+_cd/-']) {
      const id = encodeToolCallId({ base: 'g1c0', geminiId: 'fc_1', signature });
      expect(id).toMatch(/^call_[A-Za-z0-9_-]+$/);
      expect(decodeToolCallId(id)).toEqual({ geminiId: 'fc_1', signature });
    }
    // URL-safe base64 (Google's sentinel is) travels as written, no longer than before.
    expect(encodeToolCallId({ base: 'g1c0', signature: 'skip_thought_signature_validator' })).toBe('call_g1c0_uskip_thought_signature_validator');
    // Standard base64, what Gemini sends, keeps its compact spelling.
    expect(encodeToolCallId({ base: 'r1c0t0', signature: 'Cq8B+w==' })).toBe('call_r1c0t0_sCq8B-w');
  });

  it('read nothing from ids made elsewhere or tampered with', () => {
    for (const id of ['toolu_01A09q90qw90lq917835lq9', 'call_', 'call_abc_x', 'call_abc_g99_short', 'call_abc_g0_', 'chatcmpl-1']) {
      expect(decodeToolCallId(id)).toEqual({ geminiId: undefined, signature: undefined });
    }
  });

  it('keep a signature too long for the id in the vault and carry its key, so the client can send the id back', () => {
    const vault = new SignatureVault();
    const long = `${'Ab+/'.repeat(25_000)}`;
    const id = encodeToolCallId({ base: 'abc123t0', geminiId: 'fc_1', signature: long }, vault);
    expect(id).toMatch(/^call_abc123t0_g6_ZmNfMQ_h[A-Za-z0-9_-]{43}$/);
    expect(id.length).toBeLessThanOrEqual(MAX_TOOL_CALL_ID_LENGTH);
    expect(decodeToolCallId(id, vault)).toEqual({ geminiId: 'fc_1', signature: long });
    // Another process (a replica, a restart) holds no such key: no signature, the Gemini id still read.
    expect(decodeToolCallId(id, new SignatureVault())).toEqual({ geminiId: 'fc_1', signature: undefined });
    // A signature that fits stays in the id; without a vault a long one does too (the caller bounds it).
    expect(encodeToolCallId({ base: 'abc123t0', signature: SIGNATURE }, vault)).toBe(encodeToolCallId({ base: 'abc123t0', signature: SIGNATURE }));
    expect(encodeToolCallId({ base: 'abc123t0', signature: long }).length).toBeGreaterThan(MAX_TOOL_CALL_ID_LENGTH);
  });

  it('keep a Gemini call id too long for the id in the vault too, leaving room for a signature\'s key', () => {
    const vault = new SignatureVault();
    const longId = 'fc-'.repeat(20_000);
    const long = `${'Ab+/'.repeat(25_000)}`;
    const id = encodeToolCallId({ base: 'abc123t0', geminiId: longId }, vault);
    expect(id).toMatch(/^call_abc123t0_k[A-Za-z0-9_-]{43}$/);
    expect(decodeToolCallId(id, vault)).toEqual({ geminiId: longId, signature: undefined });
    const both = encodeToolCallId({ base: 'abc123t0', geminiId: longId, signature: long }, vault);
    expect(both).toMatch(/^call_abc123t0_k[A-Za-z0-9_-]{43}_h[A-Za-z0-9_-]{43}$/);
    expect(decodeToolCallId(both, vault)).toEqual({ geminiId: longId, signature: long });
    // An id that fits whole only without a signature beside it goes to the vault when one is there.
    const edge = 'x'.repeat(49_130);
    expect(encodeToolCallId({ base: 'abc123t0', geminiId: edge }, vault)).toContain('_g');
    expect(encodeToolCallId({ base: 'abc123t0', geminiId: edge, signature: long }, vault)).toMatch(/_k[A-Za-z0-9_-]{43}_h[A-Za-z0-9_-]{43}$/);
    // Not held (another replica's): no Gemini id; the response is matched by name and order.
    expect(decodeToolCallId(id, new SignatureVault())).toEqual({ geminiId: undefined, signature: undefined });
  });
});
