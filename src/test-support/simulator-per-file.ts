import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulator } from '../simulate/simulator.js';
import type { Simulator } from '../simulate/types.js';

/**
 * Starts the provider simulator on a free port before a test file's tests and closes it after
 * them; `started` gets it, to point clients at it. With `clearBetweenTests`, the faults and
 * scripts one test set are cleared before the next (stats and caches are kept: a test that needs
 * those fresh posts `/_sim/reset` itself).
 *
 * @example let sim: Simulator; let client: OpenAI;
 * simulatorPerFile((started) => { sim = started; client = openaiOn(sim); }, { clearBetweenTests: true });
 */
export function simulatorPerFile(started: (sim: Simulator) => void, options: { clearBetweenTests?: boolean } = {}): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    started(sim);
  });
  afterAll(() => sim?.close());
  if (options.clearBetweenTests) {
    beforeEach(() => {
      sim?.clearFaults();
      sim?.clearScripts();
    });
  }
}

/** The official OpenAI SDK on the simulator, without retries: a test sees each failure as sent. */
export function openaiOn(sim: Simulator): OpenAI {
  return new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
}

/** The official Anthropic SDK on the simulator, without retries: a test sees each failure as sent. */
export function anthropicOn(sim: Simulator): Anthropic {
  return new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-test', maxRetries: 0 });
}
