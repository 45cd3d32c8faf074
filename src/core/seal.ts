import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SwitchyardError } from './errors.js';

/** The environment variable that holds the key provider credentials are sealed with. */
export const SEALING_KEY_ENV = 'SWITCHYARD_SECRET_KEY';

const PREFIX = 'sealed:v1:';

/** True for a value `sealSecret` produced. */
export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/**
 * The 32-byte sealing key from `$SWITCHYARD_SECRET_KEY` (base64 or hex), or undefined when unset.
 * A value of the wrong size is an error that says how to make a right one.
 *
 * @example sealingKeyFromEnv({ SWITCHYARD_SECRET_KEY: 'q4Jb…=' }) // Buffer(32)
 */
export function sealingKeyFromEnv(env: Record<string, string | undefined> = process.env): Buffer | undefined {
  const raw = env[SEALING_KEY_ENV]?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new SwitchyardError('config_invalid', `${SEALING_KEY_ENV} must be 32 random bytes as base64 or hex (got ${key.length} bytes); make one with: openssl rand -base64 32`);
  }
  return key;
}

/** A short, non-reversible name for a sealing key, so a wrong key is named in errors without showing it. */
export const keyFingerprint = (key: Buffer): string => createHash('sha256').update('switchyard-sealing-key:').update(key).digest('hex').slice(0, 8);

/**
 * Seals a secret with AES-256-GCM: a fresh 12-byte IV per value, the 16-byte tag, and `context`
 * (for stored credentials, the provider's name) bound as additional data, so a sealed value
 * copied to another provider's row does not open. The result is text safe for YAML and SQL.
 *
 * @example sealSecret('sk-live-…', key, 'provider:openai') // 'sealed:v1:…'
 */
export function sealSecret(plain: string, key: Buffer, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a sealed value; a wrong key, context or a tampered value is an error naming the key's fingerprint. */
export function openSealed(sealed: string, key: Buffer, context = ''): string {
  if (!isSealed(sealed)) throw new SwitchyardError('config_invalid', 'not a sealed value (expected "sealed:v1:…")');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (raw.length < 28) throw new SwitchyardError('config_invalid', 'a sealed value is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SwitchyardError('config_invalid', `a sealed value does not open with the key in ${SEALING_KEY_ENV} (fingerprint ${keyFingerprint(key)}): it was sealed with another key, for another provider, or altered`);
  }
}
