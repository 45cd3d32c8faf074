import { describe, expect, it } from 'vitest';
import { importRefusing } from '../../test-support/import-refusing.js';

// The detectors' code and tables: the PII recognisers and name tagger, the injection model, and
// the libraries behind them (phone numbers, secret rules, IBANs, cards).
const DETECTORS = ['/dist/guardrails/pii/', '/dist/guardrails/injection/', '/node_modules/libphonenumber-js/', '/node_modules/@secretlint/', '/node_modules/ibantools/', '/node_modules/card-validator/'];

describe('a gateway without guardrail policies', () => {
  // They are ~10 MB of the gateway's resident memory at start (140 MB against 152 when a static
  // import of a policy name reached them, docs/measurements.md): `openGuardSlot` imports them when
  // a policy is configured.
  it('does not load the detectors', async () => {
    expect(await importRefusing(['server.js'], DETECTORS)).toBe('ok');
  });

  it('would be caught loading them (the policies opener does)', async () => {
    expect(await importRefusing(['gateway/guard/open-guard-policies.js'], DETECTORS)).toMatch(/ imported by file:.*\/dist\/(gateway|guardrails)\//);
  });
});
