/**
 * Why a running gateway would not serve `model` to `apiKey`, from its own 404 to
 * `GET /v1/models/{model}` (which says what was likely meant); undefined when it serves it, or
 * when the gateway cannot say (unreachable, an older one, a refused key): the calls themselves
 * then name what is wrong. Commands that send many calls ask this first, so a typo in `--model`
 * is one line before anything is sent, not a run of 404s.
 *
 * @example await unservedModel('http://127.0.0.1:4000', undefined, 'gpt-4o-mni') // 'model "gpt-4o-mni" is not configured on this gateway; did you mean "gpt-4o-mini"? …'
 */
export async function unservedModel(gateway: string, apiKey: string | undefined, model: string): Promise<string | undefined> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const response = await fetch(new URL(`/v1/models/${encodeURIComponent(model)}`, gateway), { headers }).catch(() => undefined);
  if (response?.status !== 404) return undefined;
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : `model "${model}" is not served`;
}
