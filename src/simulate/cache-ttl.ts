/**
 * Anthropic's checks on `cache_control.ttl`, in its words: the lifetime is "5m" or "1h", and in
 * the order Claude reads a prompt (tools, then system, then messages; the top-level
 * `cache_control`, which marks the last block, comes last) no one-hour breakpoint may follow a
 * five-minute one ("Cache entries with longer TTL must appear before shorter TTLs").
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';

/** Whether a block's `cache_control` asks for a one-hour lifetime (no `ttl` is five minutes). */
export function isHourTtl(cacheControl: unknown): boolean {
  return isJsonObject(cacheControl) && cacheControl.ttl === '1h';
}

/**
 * The first `cache_control` Anthropic would refuse, as its 400 message; undefined when all pass.
 *
 * @example
 * cacheTtlProblem({ system: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
 *   { type: 'text', text: 'b', cache_control: { type: 'ephemeral', ttl: '1h' } }], messages: [] })
 * // "system.1.cache_control.ttl: a ttl='1h' must not come after a ttl='5m' cache_control block"
 */
export function cacheTtlProblem(body: JsonObject): string | undefined {
  let shortSeen = false;
  for (const [path, cacheControl] of marks(body)) {
    if (!isJsonObject(cacheControl)) continue;
    const ttl = cacheControl.ttl;
    if (ttl !== undefined && ttl !== null && ttl !== '5m' && ttl !== '1h') return `${path}.ephemeral.ttl: Input should be '5m' or '1h'`;
    if (ttl === '1h' && shortSeen) return `${path}.ttl: a ttl='1h' must not come after a ttl='5m' cache_control block`;
    if (ttl !== '1h') shortSeen = true;
  }
  return undefined;
}

/** Every `cache_control` of the request with its path, in the order Claude reads them. */
function* marks(body: JsonObject): Generator<[string, unknown]> {
  if (Array.isArray(body.tools)) for (const [i, tool] of body.tools.entries()) if (isJsonObject(tool)) yield [`tools.${i}.cache_control`, tool.cache_control];
  if (Array.isArray(body.system)) yield* blockMarks(body.system, 'system');
  if (Array.isArray(body.messages)) {
    for (const [i, message] of body.messages.entries()) if (isJsonObject(message) && Array.isArray(message.content)) yield* blockMarks(message.content, `messages.${i}.content`);
  }
  yield ['cache_control', body.cache_control];
}

function* blockMarks(blocks: unknown[], at: string): Generator<[string, unknown]> {
  for (const [j, block] of blocks.entries()) {
    if (!isJsonObject(block)) continue;
    // A tool result's or a document's own blocks come before the block's marker.
    if (Array.isArray(block.content)) yield* blockMarks(block.content, `${at}.${j}.content`);
    if (isJsonObject(block.source) && Array.isArray(block.source.content)) yield* blockMarks(block.source.content, `${at}.${j}.source.content`);
    yield [`${at}.${j}.cache_control`, block.cache_control];
  }
}
