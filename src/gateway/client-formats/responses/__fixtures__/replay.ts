/**
 * Test support: recorded fixtures, pinned ids, and the official SDK's own accumulator, so encoded
 * Responses streams are checked against what `client.responses.stream()` would build from them.
 */
import { readFileSync } from 'node:fs';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ChatCompletionChunk } from '../../../../core/openai-wire.js';
import { parseBlocks } from '../../../../core/sse-blocks.js';
import type { ResponseIds } from '../response-envelope.js';

const dir = new URL('./', import.meta.url);

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** The chunks of a recorded chat stream (`[DONE]` left out). */
export function chunksOf(name: string): ChatCompletionChunk[] {
  return parseBlocks(fixtureText(name))
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as ChatCompletionChunk);
}

/** Ids `prefix_1`, `prefix_2`, … and a fixed clock (2025-10-09T08:53:20Z). */
export function pinnedIds(): ResponseIds {
  let n = 0;
  return { newId: (prefix) => `${prefix}_${++n}`, now: () => 1_760_000_000_000 };
}

/** The typed events of encoded SSE text, checking each `event:` name matches its `type`. */
export function eventsOf(text: string): ResponseStreamEvent[] {
  return parseBlocks(text).map((event) => {
    const data = JSON.parse(event.data) as ResponseStreamEvent;
    if (event.name !== data.type) throw new Error(`event name ${event.name} does not match type ${data.type}`);
    return data;
  });
}

/** What the SDK's stream helper holds after these events. */
export function accumulate(events: ResponseStreamEvent[]): Response | undefined {
  let snapshot: Response | undefined;
  for (const event of events) snapshot = accumulateResponse(event, snapshot);
  return snapshot;
}
