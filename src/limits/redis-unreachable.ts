/**
 * Why a command to Redis failed, in an operator's words. ioredis says "Stream isn't writeable and
 * enableOfflineQueue options is false" for a connection that is down (the gateway turns its
 * offline queue off so the policy decides at once), which names a client option, not the outage.
 *
 * @example redisUnreachableReason(new Error("Stream isn't writeable and enableOfflineQueue options is false")) // 'no connection to Redis (down or unreachable; the client reconnects every ≤ 2 s)'
 */
export function redisUnreachableReason(error: Error): string {
  const message = error.message;
  if (/Stream isn't writeable|Connection is closed/i.test(message)) return 'no connection to Redis (down or unreachable; the client reconnects every ≤ 2 s)';
  if (/Command timed out/i.test(message)) return 'Redis did not answer within 2 s';
  return message;
}
