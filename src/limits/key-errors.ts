import { SwitchyardError } from '../core/errors.js';
import { quoteClipped } from '../core/clip.js';

/** The 404 for a runtime key that does not exist, the same from every store. */
export function keyNotFound(name: string): SwitchyardError {
  return new SwitchyardError('not_found', `no key named ${quoteClipped(name)} was created at runtime (keys in the config file are changed there)`);
}

export function keyNameTaken(name: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `a key named ${quoteClipped(name)} already exists (revoked keys keep their name); choose another name`, { status: 409, param: 'name' });
}

export function keyRevoked(name: string, doing = 'rotating it'): SwitchyardError {
  return new SwitchyardError('invalid_request', `key ${quoteClipped(name)} is revoked; create a new key instead of ${doing}`, { status: 409 });
}

export function teamNotFound(name: string): SwitchyardError {
  return new SwitchyardError('not_found', `no team named ${quoteClipped(name)} was created at runtime`);
}

export function credentialNotFound(provider: string): SwitchyardError {
  return new SwitchyardError('not_found', `no credential was stored for provider ${quoteClipped(provider)}`);
}
