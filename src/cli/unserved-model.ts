import { SwitchyardError } from '../core/errors.js';

/**
 * Why a running gateway would not serve `model` to `apiKey`, from its own 404 to
 * `GET /v1/models/{model}` (which says what was likely meant); undefined when it serves it, or
 * when the gateway cannot say (unreachable, an older one): the calls themselves then name what
 * is wrong. A key it refuses (401, 403) is thrown, naming the key's flag: every call of the run
 * would have failed on it, and `guard redteam` sent 36 attacks into a 401 before saying so.
 * Commands that send many calls ask this first, so a typo in `--model` or the key is one line
 * before anything is sent.
 *
 * @example await unservedModel('http://127.0.0.1:4000', undefined, 'gpt-4o-mni') // 'model "gpt-4o-mni" is not configured on this gateway; did you mean "gpt-4o-mini"? …'
 */
export async function unservedModel(gateway: string, apiKey: string | undefined, model: string): Promise<string | undefined> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const response = await fetch(new URL(`/v1/models/${encodeURIComponent(model)}`, gateway), { headers }).catch(() => undefined);
  if (response?.status === 401 || response?.status === 403) {
    const said = await errorMessage(response);
    const whose = apiKey ? 'refused the API key' : 'wants a virtual key';
    throw new SwitchyardError('unauthorized', `the gateway at ${gateway} ${whose}${said ? ` (${response.status}: ${said})` : ` (${response.status})`}: pass --api-key KEY (or set SWITCHYARD_API_KEY) with a virtual key of that gateway; nothing was sent`);
  }
  if (response?.status !== 404) {
    await response?.body?.cancel();
    return undefined;
  }
  return (await errorMessage(response)) ?? `model "${model}" is not served`;
}

async function errorMessage(response: Response): Promise<string | undefined> {
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message.replace(/\.\s*$/, '') : undefined;
}
