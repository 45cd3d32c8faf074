/**
 * The function calls of a Gemini model turn that the next user turn's `functionResponse` parts
 * answer: by the response's `id` (Gemini's own, or the tool call id the gateway gave the call),
 * else by name, the first unanswered call in order, as Gemini matches them.
 *
 * Looked up by key, not by scanning the calls: a scan per response was quadratic, and a 10 MB body
 * of 80,000 calls and 80,000 responses named otherwise held the event loop for 32 s (14.6 s when
 * every name matched, the list spliced at its front each time). Each call is indexed under its
 * keys once and each key's list is walked once, so matching is linear in calls plus responses.
 */

/** A call of the model turn, as the user turn after it can name it. */
export interface PendingCall {
  /** The tool call id the call has in the canonical request. */
  id: string;
  name: string;
  /** The `functionCall.id` Gemini gave the call, if any. */
  geminiId: string | undefined;
}

export class PendingCalls {
  private readonly answered: Uint8Array;
  /** Call indices in order under `id:<id>` (both ids of a call) and `name:<name>`. */
  private readonly byKey = new Map<string, number[]>();
  /** How far each key's list is known to be answered. */
  private readonly heads = new Map<string, number>();
  private left: number;

  /**
   * @param turn the index in `contents` of the model turn that made the calls, if any
   * @example new PendingCalls([{ id: 'call_g1c0', name: 'f', geminiId: undefined }], 1).take(undefined, 'f')?.id // 'call_g1c0'
   */
  constructor(readonly calls: readonly PendingCall[], readonly turn: number | undefined) {
    this.answered = new Uint8Array(calls.length);
    this.left = calls.length;
    calls.forEach((call, i) => {
      if (call.geminiId !== undefined) this.index(`id:${call.geminiId}`, i);
      if (call.id !== call.geminiId) this.index(`id:${call.id}`, i);
      this.index(`name:${call.name}`, i);
    });
  }

  /** No calls: what a user turn that follows no model turn's calls answers. */
  static none(): PendingCalls {
    return new PendingCalls([], undefined);
  }

  /**
   * The first unanswered call a response with this `id` (when it has one) or `name` answers,
   * now answered; undefined when none is left.
   */
  take(id: unknown, name: string): PendingCall | undefined {
    if (id !== undefined && typeof id !== 'string') return undefined;
    const key = id !== undefined ? `id:${id}` : `name:${name}`;
    const list = this.byKey.get(key);
    if (list === undefined) return undefined;
    let head = this.heads.get(key) ?? 0;
    while (head < list.length && this.answered[list[head]!] === 1) head++;
    this.heads.set(key, head);
    if (head === list.length) return undefined;
    const at = list[head]!;
    this.answered[at] = 1;
    this.left--;
    return this.calls[at];
  }

  /** The names of calls no response answered yet, in order, at most `max`. */
  unanswered(max: number): { names: string[]; count: number } {
    const names: string[] = [];
    for (let i = 0; i < this.calls.length && names.length < max; i++) if (this.answered[i] === 0) names.push(this.calls[i]!.name);
    return { names, count: this.left };
  }

  private index(key: string, i: number): void {
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  }
}
