import { afterAll, vi } from 'vitest';
import { provideInProcessGateway } from '../src/evals/client/in-process-gateway.js';
import { noteProcessLeaks } from './process-leaks.js';

// Imported lazily: most test files never open an in-process gateway.
provideInProcessGateway(async (config) => (await import('../src/server.js')).openGatewayCore(config));

// Most files share a worker process with the files before them (the 'shared' project,
// vitest.config.ts). This file runs again before each of them, so after each file's tests the
// process is put back as the file found it: environment variables, timers, stubs and the exit
// code a CLI command set. (vitest itself restores vi.spyOn spies after each file.)
const env = { ...process.env };
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  process.exitCode = undefined;
});

// What a file leaves behind, noted for an audit (test/process-leaks.ts).
if (process.env.SWITCHYARD_TEST_LEAKS) noteProcessLeaks(process.env.SWITCHYARD_TEST_LEAKS);
