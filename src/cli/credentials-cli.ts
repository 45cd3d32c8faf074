import { TerminalTable } from '../core/terminal-table.js';
import { SwitchyardError } from '../core/errors.js';
import { SEALING_KEY_ENV, sealingKeyFromEnv, sealSecret } from '../core/seal.js';
import type { KeyStore } from '../limits/key-store.js';
import { checkedApiKey, credentialContext, ProviderCredentials } from '../limits/provider-credentials.js';
import { cliTime } from '../core/cli-time.js';
import { CLI } from '../core/cli-command.js';
import { closestName } from '../core/format-issues.js';

/** The secret from `--from-env VAR`, else all of stdin (one trailing newline dropped). */
async function readSecret(flags: { fromEnv?: string }): Promise<string> {
  if (flags.fromEnv) {
    const value = process.env[flags.fromEnv];
    if (!value) throw new SwitchyardError('invalid_request', `environment variable ${flags.fromEnv} is not set`);
    return value;
  }
  if (process.stdin.isTTY) process.stderr.write('Paste the API key, then press Enter and Ctrl-D: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (value.trim() === '') throw new SwitchyardError('invalid_request', `no API key on stdin; pipe it in (printenv OPENAI_API_KEY | ${CLI} credentials set openai) or pass --from-env VAR`);
  return value;
}

async function providersOf(flags: { config?: string }): Promise<Set<string> | undefined> {
  if (!flags.config) return undefined;
  const { loadConfigFile } = await import('../config/load-config.js');
  return new Set(Object.keys(loadConfigFile(flags.config).providers));
}

export async function setCredential(provider: string, flags: { fromEnv?: string; config?: string }, store: KeyStore): Promise<void> {
  const credentials = new ProviderCredentials(store, sealingKeyFromEnv(), await providersOf(flags));
  const unknown = flags.config ? undefined : await unknownProviderNote(provider, credentials);
  const view = await credentials.set(provider, await readSecret(flags));
  console.log(`Stored the credential of provider "${view.provider}" (${view.hint}) sealed; every running replica switches to it within limits.keys_poll_ms.`);
  if (unknown) console.error(unknown);
}

/**
 * Without `--config` nothing says which provider names the gateway uses, so a name none of the
 * known ones is (the provider types, which are also the names `switchyard serve` gives its
 * providers without a config, and the names already stored) gets a note: `opneai` was stored without a word and never used. Only a
 * note, as `keys create --models` gives: a config may name its providers anything.
 */
async function unknownProviderNote(provider: string, credentials: ProviderCredentials): Promise<string | undefined> {
  const { providerSchema } = await import('../config/schema.js');
  const stored = (await credentials.list()).map((c) => c.provider);
  const known = [...new Set([...providerSchema.shape.type.options, ...stored])];
  if (known.includes(provider)) return undefined;
  const meant = closestName(provider, known);
  return `note: no provider "${provider}" is known here${meant ? `; did you mean "${meant}"?` : ''} (known: ${known.join(', ')}); a gateway uses the credential only if its config names a provider "${provider}": pass --config FILE to check against it`;
}

export async function listCredentials(flags: { json?: boolean }, store: KeyStore): Promise<void> {
  const list = await new ProviderCredentials(store, undefined).list();
  if (flags.json) {
    console.log(JSON.stringify({ credentials: list }));
    return;
  }
  if (list.length === 0) {
    console.log(`No stored provider credentials. Add one: printenv OPENAI_API_KEY | ${CLI} credentials set openai`);
    return;
  }
  const table = new TerminalTable({ head: ['provider', 'hint', 'updated'] });
  for (const c of list) table.push([c.provider, c.hint, cliTime(c.updatedAt, 'minutes')]);
  console.log(table.toString());
}

export async function deleteCredential(provider: string, store: KeyStore): Promise<void> {
  await new ProviderCredentials(store, undefined).delete(provider);
  console.log(`Deleted the stored credential of provider "${provider}".`);
}

export async function sealForConfig(provider: string, flags: { fromEnv?: string }): Promise<void> {
  const key = sealingKeyFromEnv();
  if (!key) throw new SwitchyardError('config_invalid', `set ${SEALING_KEY_ENV} first (make one with: openssl rand -base64 32)`);
  console.log(sealSecret(checkedApiKey(await readSecret(flags)), key, credentialContext(provider)));
}
