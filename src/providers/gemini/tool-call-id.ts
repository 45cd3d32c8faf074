import { MAX_TOOL_CALL_ID_LENGTH } from '../../core/wire-schemas.js';
import { SIGNATURE_KEY_LENGTH, type SignatureVault, thoughtSignatures } from './signature-vault.js';

/**
 * OpenAI tool calls carry an id that the client sends back with the tool result; Gemini function
 * calls usually have none and match results by function name and order. Gemini 3 also attaches a
 * `thoughtSignature` to a function call that must come back with it, and an OpenAI client has no
 * field for it. So both travel inside the tool call id, which every client echoes verbatim:
 *
 *   call_<base>[_g<length>_<gemini id, base64url> | _k<key>][_s<signature, base64url> | _u<signature> | _t<signature's text, base64url> | _h<key>]
 *
 * `base` is alphanumeric, the optional parts use only `[A-Za-z0-9_-]` (so the id stays valid
 * where Anthropic's id pattern applies), and the signature comes last so it needs no length. The
 * signature comes back spelt as it came (`signaturePart`): Gemini sends standard base64 (`_s`, its
 * bytes), but a client may write URL-safe base64, as Google's `skip_thought_signature_validator`
 * sentinel is (`_u`, as written), or any other spelling Google accepts (`_t`, its text). A
 * signature that would take the id past `MAX_TOOL_CALL_ID_LENGTH` is kept in a `SignatureVault`
 * and the id carries its 43-character key (`_h`), so the client can send the id back; so is a
 * Gemini id that would (`_k`: an upstream id of 70,000 characters made a 93,377-character tool
 * call id, which the gateway refused on the client's next turn).
 */

export interface ToolCallIdParts {
  /** Alphanumeric, unique per call within the conversation. */
  base: string;
  /** The `functionCall.id` Gemini sent, if any. */
  geminiId?: string | undefined;
  /** The part's `thoughtSignature` (standard base64), if any. */
  signature?: string | undefined;
}

const PREFIX = 'call_';
/** `_h` or `_k` and a vault's key. */
const KEPT_PART_LENGTH = 2 + SIGNATURE_KEY_LENGTH;

/**
 * `vault`, when given, keeps a signature the id has no room for (an upstream Gemini's); without
 * one the id carries it whole, however long (a client's own, which its caller bounds and names).
 *
 * @example encodeToolCallId({ base: 'r1c0t0', signature: 'Cq8B+w==' }) // 'call_r1c0t0_sCq8B-w'
 * @example encodeToolCallId({ base: 'r1c0t0', signature: 'A'.repeat(70_000) }, thoughtSignatures) // 'call_r1c0t0_h' + 43 characters
 */
export function encodeToolCallId(parts: ToolCallIdParts, vault?: SignatureVault): string {
  let id = PREFIX + parts.base;
  if (parts.geminiId !== undefined && parts.geminiId !== '') {
    const encoded = Buffer.from(parts.geminiId, 'utf8').toString('base64url');
    const whole = `_g${encoded.length}_${encoded}`;
    // Room left for a signature's key beside it, so the signature can still be kept.
    const room = MAX_TOOL_CALL_ID_LENGTH - (parts.signature ? KEPT_PART_LENGTH : 0);
    const key = vault !== undefined && id.length + whole.length > room ? vault.keep(parts.geminiId) : undefined;
    id += key === undefined ? whole : `_k${key}`;
  }
  if (parts.signature !== undefined && parts.signature !== '') {
    const encoded = signaturePart(parts.signature);
    if (vault === undefined || id.length + encoded.length <= MAX_TOOL_CALL_ID_LENGTH) return id + encoded;
    const key = vault.keep(parts.signature);
    if (key !== undefined) return `${id}_h${key}`;
  }
  return id;
}

/**
 * What an id made by `encodeToolCallId` carries; ids from elsewhere (another model's history, a
 * client's own) carry nothing.
 *
 * @example decodeToolCallId('call_r1c0t0_sCq8B-w') // { geminiId: undefined, signature: 'Cq8B+w==' }
 * @example decodeToolCallId('toolu_01A09q90qw90lq917835lq9') // { geminiId: undefined, signature: undefined }
 */
export function decodeToolCallId(id: string, vault: SignatureVault = thoughtSignatures): { geminiId: string | undefined; signature: string | undefined } {
  const none = { geminiId: undefined, signature: undefined };
  if (!id.startsWith(PREFIX)) return none;
  let at = PREFIX.length;
  while (at < id.length && isAlphanumeric(id.charCodeAt(at))) at++;
  if (at === PREFIX.length) return none;
  let geminiId: string | undefined;
  if (id.startsWith('_k', at) && id.length >= at + KEPT_PART_LENGTH) {
    // Not held: no id, and Gemini matches the response to its call by name and order, as for calls without ids.
    geminiId = vault.get(id.slice(at + 2, at + KEPT_PART_LENGTH));
    at += KEPT_PART_LENGTH;
  } else if (id.startsWith('_g', at)) {
    const underscore = id.indexOf('_', at + 2);
    const length = Number(id.slice(at + 2, underscore));
    if (underscore === -1 || !Number.isInteger(length) || length <= 0) return none;
    geminiId = Buffer.from(id.slice(underscore + 1, underscore + 1 + length), 'base64url').toString('utf8');
    at = underscore + 1 + length;
  }
  let signature: string | undefined;
  if (id.startsWith('_s', at) && id.length > at + 2) {
    signature = Buffer.from(id.slice(at + 2), 'base64url').toString('base64');
    at = id.length;
  } else if (id.startsWith('_u', at) && id.length > at + 2) {
    signature = id.slice(at + 2);
    at = id.length;
  } else if (id.startsWith('_t', at) && id.length > at + 2) {
    signature = Buffer.from(id.slice(at + 2), 'base64url').toString('utf8');
    at = id.length;
  } else if (id.startsWith('_h', at) && id.length === at + 2 + SIGNATURE_KEY_LENGTH) {
    // Not held (another replica's, before a restart, evicted): no signature, and the caller's fallback.
    signature = vault.get(id.slice(at + 2));
    at = id.length;
  }
  // Anything left over means the id only looked like ours.
  return at === id.length ? { geminiId, signature } : none;
}

/**
 * A signature's part of the id, spelt so `decodeToolCallId` gives back the same text: standard
 * base64 as its bytes in base64url (`_s`, what Gemini sends: as short as the text), URL-safe
 * base64 as written (`_u`: decoding and writing again turned Google's sentinel
 * `skip_thought_signature_validator` into `skip/thought/signature/validator`), any other
 * spelling (mixed alphabets, missing padding) as its text in base64url (`_t`, a third longer).
 *
 * @example signaturePart('Cq8B+w==') // '_sCq8B-w'
 * @example signaturePart('skip_thought_signature_validator') // '_uskip_thought_signature_validator'
 */
function signaturePart(signature: string): string {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.toString('base64') === signature) return `_s${bytes.toString('base64url')}`;
  if (bytes.toString('base64url') === signature) return `_u${signature}`;
  return `_t${Buffer.from(signature, 'utf8').toString('base64url')}`;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
