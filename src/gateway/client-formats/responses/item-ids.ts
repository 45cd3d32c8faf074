/**
 * A translated Response names its output items after itself: `msg_<response id's tail>_<n>`.
 * A later request that points back at one of them (`{"type": "item_reference", "id": …}`, as the
 * Vercel AI SDK sends for earlier turns of a stored conversation) then says which stored
 * response holds it, on any replica, with no index of items to keep.
 *
 * @example const itemId = outputItemIds('resp_0mx4k5'); itemId('msg') // 'msg_0mx4k5_0'
 */
export function outputItemIds(responseId: string): (prefix: string) => string {
  const tail = responseId.startsWith('resp_') ? responseId.slice('resp_'.length) : responseId;
  let next = 0;
  return (prefix) => `${prefix}_${tail}_${next++}`;
}

/**
 * The response an output item id was named after, or undefined for an id not made that way
 * (OpenAI's own, or a client's).
 *
 * @example responseIdOfItem('msg_0mx4k5_0') // 'resp_0mx4k5'
 */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = /^[a-z]+_([A-Za-z0-9]+)_\d+$/.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}
