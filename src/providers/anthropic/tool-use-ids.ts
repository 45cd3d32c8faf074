import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';

/**
 * A chat conversation's tool call ids as Claude takes them. Claude wants each `tool_use` id to
 * match `^[a-zA-Z0-9_-]+$` and to be unique in the whole request ("messages.3.content.1:
 * `tool_use` ids must be unique"); chat completions only pairs a tool message with the assistant
 * turn before it, so a client may reuse `call_0` in every turn (local model servers do), and an id
 * made safe (`call.1` → `call_1`) may meet another one. Each call gets an id no earlier call has
 * (a suffix where needed), and a tool result answers the latest call of its id, as chat pairs
 * them. Two calls of one turn with one id cannot be told apart: a 400 naming the second.
 *
 * @example const ids = new ToolUseIds(); ids.startTurn(); ids.call('call_0', 'messages[1].tool_calls[0].id'); ids.startTurn(); ids.call('call_0', 'messages[3].tool_calls[0].id') // 'call_0_2'
 */
export class ToolUseIds {
  /** Each chat id's Claude id, the latest call's. */
  private readonly latest = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** Each safe id's next suffix to try, so a conversation reusing one id in every turn costs a look-up a turn, not one per earlier turn. */
  private readonly nextSuffix = new Map<string, number>();
  /** The chat ids of the assistant turn being read, with where each stood. */
  private turn = new Map<string, string>();

  startTurn(): void {
    this.turn = new Map();
  }

  call(chatId: string, path: string): string {
    const earlier = this.turn.get(chatId);
    if (earlier !== undefined) {
      throw new SwitchyardError('invalid_request', `${path} ${quoteClipped(chatId)} repeats ${earlier}: each tool call of a turn needs an id of its own, so that its result can name it`, { param: path });
    }
    this.turn.set(chatId, path);
    const safe = safeId(chatId);
    let id = safe;
    if (this.taken.has(id)) {
      let n = this.nextSuffix.get(safe) ?? 2;
      while (this.taken.has(`${safe}_${n}`)) n++;
      id = `${safe}_${n}`;
      this.nextSuffix.set(safe, n + 1);
    }
    this.taken.add(id);
    this.latest.set(chatId, id);
    return id;
  }

  result(chatId: string): string {
    return this.latest.get(chatId) ?? safeId(chatId);
  }
}

/** Claude's id alphabet: any other character becomes `_` (the common id passes as it is). */
function safeId(id: string): string {
  return /^[A-Za-z0-9_-]*$/.test(id) ? id : id.replace(/[^A-Za-z0-9_-]/g, '_');
}
