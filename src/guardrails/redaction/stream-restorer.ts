import { restoreText, type RestoreOptions } from './restore.js';
import type { PiiVault } from './vault.js';

/** Restores placeholders in a stream of text deltas. */
export interface StreamRestorer {
  /** Accepts the next delta; returns the text that is safe to send now. */
  push(delta: string): string;
  /** Ends the stream; returns whatever was held back, restored. */
  flush(): string;
}

// The tail of the buffer that could still grow into a placeholder: "<", "<PER", "<PERSON_1".
const POSSIBLE_PREFIX = /<(?:[A-Z][A-Z_]*\d*)?$/;

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
      const tail = POSSIBLE_PREFIX.exec(text);
      if (tail && text.length - tail.index < vault.maxPlaceholderLength) {
        held = text.slice(tail.index);
        return restoreText(text.slice(0, tail.index), vault, options);
      }
      return restoreText(text, vault, options);
    },
    flush() {
      const rest = held;
      held = '';
      return restoreText(rest, vault, options);
    },
  };
}
