import type { PiiEntityType } from '../pii/entity-types.js';

/**
 * The per-request mapping between placeholders and original values. It lives only in memory for
 * the request that made it; nothing writes it anywhere. The same value of the same type always
 * gets the same placeholder, so the model sees consistent references ("<PERSON_1> wrote to
 * <PERSON_2>; <PERSON_1> is waiting").
 */
export interface PiiVault {
  /** The placeholder for a value, allocating `<TYPE_n>` on first sight. */
  placeholderFor(type: PiiEntityType, value: string): string;
  /** The original value behind a placeholder, if this vault made it. */
  originalOf(placeholder: string): string | undefined;
  /** Every value and its placeholder, in the order they were handed out. */
  entries(): IterableIterator<[value: string, placeholder: string]>;
  /** Longest placeholder handed out (the stream restorer holds back at most this much). */
  readonly maxPlaceholderLength: number;
  readonly size: number;
}

/**
 * Creates an empty vault.
 *
 * @example const vault = createVault(); vault.placeholderFor('EMAIL', 'a@b.co') // '<EMAIL_1>'
 */
export function createVault(): PiiVault {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters = new Map<string, number>();
  let maxLength = 0;
  return {
    placeholderFor(type, value) {
      const key = `${type}\u0000${value}`;
      const existing = byValue.get(key);
      if (existing) return existing;
      const n = (counters.get(type) ?? 0) + 1;
      counters.set(type, n);
      const placeholder = `<${type}_${n}>`;
      byValue.set(key, placeholder);
      byPlaceholder.set(placeholder, value);
      maxLength = Math.max(maxLength, placeholder.length);
      return placeholder;
    },
    originalOf: (placeholder) => byPlaceholder.get(placeholder),
    *entries() {
      for (const [placeholder, value] of byPlaceholder) yield [value, placeholder];
    },
    get maxPlaceholderLength() {
      return maxLength;
    },
    get size() {
      return byPlaceholder.size;
    },
  };
}

/** Matches a placeholder anywhere in text. */
export const PLACEHOLDER_PATTERN = /<[A-Z][A-Z_]*_\d{1,9}>/g;

/**
 * The values this vault knows, back to their placeholders (longest first, so no value eats part
 * of another): for text the provider wrote over placeholders and signed or summarised (thinking,
 * reasoning), which must go back exactly as it was, not through fresh detection.
 */
export function toKnownPlaceholders(text: string, vault: PiiVault): string {
  if (vault.size === 0) return text;
  let out = text;
  for (const [value, placeholder] of [...vault.entries()].sort((a, b) => b[0].length - a[0].length)) {
    if (value !== '' && out.includes(value)) out = out.split(value).join(placeholder);
  }
  return out;
}
