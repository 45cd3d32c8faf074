import { createHash } from 'node:crypto';

/**
 * Thought signatures too long to travel inside a tool call id, kept in this process under the
 * SHA-256 of their text, which the id carries instead (`_h<digest>`, `encodeToolCallId`); and
 * Gemini function call ids likewise (`_k<digest>`), which the same reasoning covers.
 *
 * A Gemini model's signature must come back with its function call, and a client of another
 * API has no field for it but the tool call id, whose bound here is `MAX_TOOL_CALL_ID_LENGTH`:
 * an upstream signature past ~49,000 characters made an id the gateway then refused on the
 * client's next turn, so the conversation could not go on. Kept here, the id stays short.
 *
 * Bounded by characters held (least recently used dropped first) and per signature; a digest
 * this process does not hold (another replica made it, a restart, an eviction) reads as no
 * signature, and a Gemini 3 model then gets the `skip_thought_signature_validator` Google
 * documents for histories without one (`signatureFallback`): the turn goes on either way.
 * Keyed by content, a client cannot name a signature it has not seen.
 */
export class SignatureVault {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  /**
   * @param maxChars characters held in all (one byte each: signatures are base64)
   * @param maxEntryChars a longer signature is not kept
   */
  constructor(
    readonly maxChars = 32 * 1024 * 1024,
    readonly maxEntryChars = 4 * 1024 * 1024,
  ) {}

  /**
   * The key a tool call id carries for `signature` (43 characters of base64url), or undefined
   * when it is too long to keep.
   *
   * @example new SignatureVault().keep('Cq8B+w==') // 'dhqd…' (the SHA-256 of the text, base64url)
   */
  keep(signature: string): string | undefined {
    if (signature.length > this.maxEntryChars) return undefined;
    const key = createHash('sha256').update(signature).digest('base64url');
    if (this.entries.delete(key)) this.chars -= signature.length;
    this.entries.set(key, signature);
    this.chars += signature.length;
    for (const [oldest, kept] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= kept.length;
    }
    return key;
  }

  /** The signature kept under `key`, now the most recently used; undefined when not held. */
  get(key: string): string | undefined {
    const signature = this.entries.get(key);
    if (signature === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, signature);
    return signature;
  }

  /** Characters held, for tests and measurements. */
  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }
}

/** The process's vault: the one the Gemini provider keeps long signatures in and the ids are read back from. */
export const thoughtSignatures = new SignatureVault();

/** Length of a key: a SHA-256 digest in base64url, no padding. */
export const SIGNATURE_KEY_LENGTH = 43;
