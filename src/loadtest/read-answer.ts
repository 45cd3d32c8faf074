import { clip } from '../core/clip.js';

/** The longest error code kept as a request's cause (OpenAI's longest codes are under 50 characters). */
const CAUSE_CHARS = 80;
/** What the load generator learns from one answer's body. */
export interface AnswerFacts {
  inputTokens: number;
  outputTokens: number;
  /** An error the API reported (in the body of a failed answer, or in-band in a stream). */
  error: string | null;
  /** That error's message, where the fix is usually said (`is the simulator running? start it with …`). */
  message: string | null;
}

/**
 * Reads token usage and errors from an answer in any of the gateway's wire formats: OpenAI chat
 * (`usage.prompt_tokens`), Anthropic (`message.usage` at the start, `usage` at the end), the
 * Responses API (`response.usage` on completion) and the Gemini API (`usageMetadata`, repeated
 * running on each event). Streams are fed line by line.
 *
 * @example const facts = new AnswerReader(); facts.json('{"usage":{"prompt_tokens":9,"completion_tokens":3}}'); facts.result.inputTokens // 9
 */
export class AnswerReader {
  readonly result: AnswerFacts = { inputTokens: 0, outputTokens: 0, error: null, message: null };
  private pending = '';

  /** A whole JSON body. */
  json(text: string): void {
    try {
      this.take(JSON.parse(text));
    } catch {
      // Not JSON (an HTML error page from a proxy): the status says enough.
    }
  }

  /** A piece of an SSE stream, split anywhere. */
  push(piece: string): void {
    this.pending += piece;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      // Only events that can carry usage or an error are parsed; text deltas are skipped cheaply.
      if (line.startsWith('data:') && (line.includes('_tokens') || line.includes('TokenCount') || line.includes('"error"'))) this.json(line.slice(5).trim());
      newline = this.pending.indexOf('\n');
    }
  }

  private take(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    const event = value as Record<string, unknown>;
    const error = event.error as { message?: unknown; type?: unknown; code?: unknown; status?: unknown } | undefined;
    // Google's `code` is the HTTP status again; its `status` names the cause (RESOURCE_EXHAUSTED).
    const code = typeof error?.code === 'number' && typeof error.status === 'string' ? error.status : error?.code;
    if (error && typeof error === 'object') {
      // The cause is a code the report counts by and prints: a server's code of 2 kB with terminal
      // escapes in it was printed whole, once per request.
      this.result.error = clip(String(code ?? error.type ?? error.message ?? 'error'), CAUSE_CHARS);
      if (typeof error.message === 'string') this.result.message = error.message;
    }
    for (const holder of [event, event.message, event.response]) {
      const usage = (holder as { usage?: Record<string, unknown> } | undefined)?.usage;
      if (!usage || typeof usage !== 'object') continue;
      this.keep(Number(usage.prompt_tokens ?? usage.input_tokens ?? 0), Number(usage.completion_tokens ?? usage.output_tokens ?? 0));
    }
    const gemini = event.usageMetadata as Record<string, unknown> | undefined;
    // Gemini counts thoughts apart from the answer; both are output, as the gateway bills them.
    if (gemini && typeof gemini === 'object') this.keep(Number(gemini.promptTokenCount ?? 0), Number(gemini.candidatesTokenCount ?? 0) + Number(gemini.thoughtsTokenCount ?? 0));
  }

  private keep(input: number, output: number): void {
    if (Number.isFinite(input)) this.result.inputTokens = Math.max(this.result.inputTokens, input);
    if (Number.isFinite(output)) this.result.outputTokens = Math.max(this.result.outputTokens, output);
  }
}
