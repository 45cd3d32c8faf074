import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load-config.js';
import type { Config } from '../../config/schema.js';
import { startSimulator } from '../../simulate/simulator.js';
import type { Simulator } from '../../simulate/types.js';

/** A simulator and a gateway config in front of it, for end-to-end eval tests. */
export interface SimWorld {
  sim: Simulator;
  config: Config;
  /** The same config as a YAML file, for `--config`. */
  configPath: string;
  dir: string;
  dbPath: string;
  /** The same SQLite file as a store config, for the in-process gateway. */
  store: { sqlite: string };
  /** Writes a file in the test's temp directory and returns its path. */
  write(name: string, text: string): string;
}

/**
 * The gateway YAML of {@link simWorld} in front of a simulator at `simUrl`: models `small`
 * (OpenAI wire), `claude` (Anthropic wire), `judge` and `embed`; prices set so costs are non-zero
 * and checkable; one attempt per call so injected faults surface.
 *
 * @example parseConfig(simWorldYaml(sim.url), 'test')
 */
export function simWorldYaml(simUrl: string): string {
  return `
retry: { max_attempts: 1 }
traces: { flush_interval_ms: 5 }
providers:
  sim: { type: openai, base_url: "${simUrl}/v1", api_key: sk-sim }
  anth: { type: anthropic, base_url: "${simUrl}", api_key: sk-ant-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  claude: { provider: anth, model: claude-standin, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  judge: { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
  embed: { provider: sim, model: standin-embed, price: { input_per_mtok: 0.02 } }
`;
}

/** A simulator with {@link simWorldYaml} in front of it, in a throwaway directory. */
export async function simWorld(): Promise<SimWorld> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'sy-eval-'));
  const yaml = simWorldYaml(sim.url);
  const config = parseConfig(yaml, 'sim-config');
  const configPath = join(dir, 'switchyard.yaml');
  writeFileSync(configPath, yaml);
  return {
    sim,
    config,
    configPath,
    dir,
    dbPath: join(dir, 'eval.db'),
    store: { sqlite: join(dir, 'eval.db') },
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** Five support questions with reference answers (the shape of examples/support-5.jsonl). */
export const SUPPORT_LINES = [
  { id: 'card', input: 'Where is my new card?', expected: 'ships' },
  { id: 'refund', input: 'How do I get a refund?', expected: 'refund form' },
  { id: 'pin', input: 'I forgot my PIN', expected: 'reset' },
  { id: 'fee', input: 'Why was I charged a fee?', expected: 'fee' },
  { id: 'close', input: 'Close my account', expected: 'close' },
];

export const SUPPORT_JSONL = `${SUPPORT_LINES.map((l) => JSON.stringify(l)).join('\n')}\n`;
