import { SwitchyardError } from '../../core/errors.js';
import type { ClientFormat } from '../../core/formats.js';
import { fingerprintSecret, type KeyRegistry, type RetiredSecret } from '../../limits/keys.js';
import type { ModelCatalog } from '../../routing/catalog.js';
import type { Stage } from '../pipeline.js';
import { noteRequestedModel } from './resolve-model.js';

/**
 * Finds the virtual key the client presented. With no keys configured the gateway is open (it
 * says so at start); calls Switchyard's own features make in-process need no key. A wrong key is
 * named only by a short fingerprint of its hash: no part of it is stored or echoed. A refused
 * request's trace still names the model it asked for.
 */
export function authenticate(keys: KeyRegistry, catalog: ModelCatalog): Stage {
  return (call, next) => {
    const internal = call.input.internal;
    if (internal) {
      // A call a client's request caused is paid by that client's key, and says whose it was.
      if (internal.onBehalfOf) {
        call.key = internal.onBehalfOf.key;
        call.decide('internal', { feature: internal.feature, for: internal.onBehalfOf.traceId, ...(internal.onBehalfOf.route ? { route: internal.onBehalfOf.route } : {}) });
      }
      return next();
    }
    if (keys.open) return next();
    const secret = call.input.secret;
    if (!secret) {
      noteRequestedModel(catalog, call);
      throw missingApiKey(call.input.format, call.input.unreadKey);
    }
    const key = keys.find(secret);
    if (!key) {
      noteRequestedModel(catalog, call);
      throw invalidApiKey(secret, keys.retiredSecret(secret));
    }
    call.key = key;
    return next();
  };
}

/**
 * The 401 for a key that is not one of the gateway's, named only by its fingerprint. Said whole,
 * because the newcomer's case is common: a gateway that took any key until the first was created
 * now wants one, and the SDK shows only this message.
 */
export function invalidApiKey(secret: string, retired?: RetiredSecret): SwitchyardError {
  // "x-api-key: Bearer …", or an SDK given "Bearer …" as its apiKey (it adds its own): the scheme
  // is part of the header, not of the key, and a key never starts with it.
  const scheme = /^bearer\s/i.test(secret) ? ': it starts with "Bearer ", which belongs to the Authorization header only; send the key alone (as x-api-key, or as the SDK\'s apiKey)' : '';
  return new SwitchyardError('unauthorized', `invalid API key (fingerprint ${fingerprintSecret(secret)})${scheme || (retired ? retiredText(retired) : ": it is not a virtual key of this gateway; send the secret of a key in the config's keys: or of one made with switchyard keys create NAME (shown once)")}`);
}

/**
 * Why a secret that was a key's is refused: "not a virtual key of this gateway" sent the owner of
 * a revoked or rotated key to check the base URL. The name and time come from the store; no part
 * of the secret is said, and a secret never any key's gets the general message.
 */
function retiredText(retired: RetiredSecret): string {
  const at = new Date(retired.at).toISOString();
  return retired.why === 'revoked'
    ? `: key "${retired.name}" was revoked at ${at}; ask the gateway's admin for a new key`
    : `: this is the previous secret of key "${retired.name}", replaced by a rotation whose grace period ended at ${at}; use the key's new secret`;
}

/**
 * The 401 for a request that sent no key. OpenAI answers it with `code: null` and a message that
 * opens "You didn't provide an API key." (a wrong key is `invalid_api_key`); Anthropic with
 * `authentication_error` for both, which the status already gives. The rest of the message says
 * what this gateway wants instead of pointing at OpenAI's key page: in the header the client's API
 * uses first (Anthropic's `x-api-key`; to a Gemini API client, the places Google's SDKs put a key,
 * `x-goog-api-key` and `?key=`, which the gateway reads too). `unread` says why an Authorization
 * header (or another API's key header) held no key the gateway reads (limits/keys.ts unreadKey): then
 * the fix is the Authorization header's, whole.
 *
 * @example missingApiKey().vendorCode // null
 * @example missingApiKey('openai', unreadKey({ authorization: 'sk-sy-…' })).message // '… Send it as "Authorization: Bearer <key>" …'
 */
export function missingApiKey(format?: ClientFormat, unread?: string): SwitchyardError {
  if (unread !== undefined) {
    const other = format === 'gemini' ? `"x-goog-api-key: <key>"` : format === 'anthropic' ? `"x-api-key: <key>", as the Anthropic SDK sends it` : `"x-api-key: <key>"`;
    return new SwitchyardError('unauthorized', `You didn't provide an API key: ${unread}. Send the key as "Authorization: Bearer <key>" (or as ${other}).`, { vendorCode: null });
  }
  const where =
    format === 'gemini'
      ? `"x-goog-api-key: <key>" (@google/genai's apiKey) or "?key=<key>"`
      : format === 'anthropic'
        ? `"x-api-key: <key>" (the Anthropic SDK's apiKey) or "Authorization: Bearer <key>"`
        : `"Authorization: Bearer <key>" or "x-api-key: <key>"`;
  return new SwitchyardError('unauthorized', `You didn't provide an API key. Send a Switchyard virtual key as ${where}.`, { vendorCode: null });
}
