import type { Harness } from '../../src/test-support/gateway-harness.js';

/**
 * One gateway config for the tests of models only OpenAI's Responses API serves: the simulated
 * OpenAI behind two of them, at the prices the tests' costs are checked against.
 */
export function responsesOnlyConfig(simUrl: string, key: string): string {
  return `
providers:
  openai: { type: openai, base_url: "${simUrl}/v1", api_key: sk-up }
models:
  o3-pro: { provider: openai, model: o3-pro, price: { input_per_mtok: 20, output_per_mtok: 80 } }
  codex: { provider: openai, model: gpt-5.1-codex, price: { input_per_mtok: 1.25, output_per_mtok: 10 } }
keys:
  - { key: ${key}, name: responses-only }
`;
}

/** The last request the simulator saw: where the gateway sent the call, and what it sent. */
export function lastUpstream(h: Harness): { path: string; body: Record<string, unknown> } {
  const last = h.sim.stats().lastRequests.at(-1);
  if (!last) throw new Error('the simulator saw no request');
  return { path: last.path, body: last.body as Record<string, unknown> };
}
