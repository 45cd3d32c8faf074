import { restoreText, type RestoreOptions } from './restore.js';
import type { PiiVault } from './vault.js';

/** Restores placeholders in a stream of text deltas. */
export interface StreamRestorer {
  /** Accepts the next delta; returns the text that is safe to send now. */
  push(delta: string): string;
  /** Ends the stream; returns whatever was held back, restored. */
  flush(): string;
  /** Whether text is held back (the start of a possible placeholder) until the next delta or the end. */
  readonly holding: boolean;
}

// A tail of the buffer that could still grow into a placeholder: "<", "<PER", "<PERSON_1". It
// holds no "<" after its first character, so only the text from the last "<" can be one.
const POSSIBLE_PREFIX = /^<(?:[A-Z][A-Z_]*\d*)?$/;

/**
 * A streaming restorer: it holds back only a suffix that could be the start of a placeholder
 * (never more than the vault's longest placeholder), so text flows with no added delay and a
 * placeholder split across chunks at any position is still restored. Use one per stream of
 * deltas (per choice's content, per tool call's arguments with `{ json: true }`).
 *
 * @example
 * const r = createStreamRestorer(vault);
 * r.push('Hi <PER') + r.push('SON_1>!') + r.flush(); // 'Hi Ann!'
 */
export function createStreamRestorer(vault: PiiVault, options: RestoreOptions = {}): StreamRestorer {
  let held = '';
  return {
    push(delta) {
      const text = held + delta;
      held = '';
      if (vault.size === 0) return text;
      const lt = text.lastIndexOf('<');
      if (lt < 0) return text;
      if (text.length - lt < vault.maxPlaceholderLength && POSSIBLE_PREFIX.test(text.slice(lt))) {
        held = text.slice(lt);
        return restoreText(text.slice(0, lt), vault, options);
      }
      return restoreText(text, vault, options);
    },
    flush() {
      const rest = held;
      held = '';
      return restoreText(rest, vault, options);
    },
    get holding() {
      return held !== '';
    },
  };
}
