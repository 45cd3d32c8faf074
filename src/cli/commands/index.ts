import type { Command } from 'commander';
import { registerDatasets } from './datasets.js';
import { registerDemo } from './demo.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerGuard } from './guard.js';
import { registerJudge } from './judge.js';
import { registerLoadtest } from './loadtest.js';
import { registerLocal } from './local.js';
import { registerModels } from './models.js';
import { registerKb } from './kb.js';
import { registerKeys } from './keys.js';
import { registerCredentials } from './credentials.js';
import { registerLadder } from './ladder.js';
import { registerMigrate } from './migrate.js';
import { registerMonitor } from './monitor.js';
import { registerReview } from './review.js';
import { registerProviders } from './providers.js';
import { registerRoutes } from './routes.js';
import { registerRouter } from './router.js';
import { registerServe } from './serve.js';
import { registerSimulate } from './simulate.js';
import { registerTraces } from './traces.js';

/** Every command registers itself here; order is the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerSimulate(program);
  registerTraces(program);
  registerKeys(program);
  registerCredentials(program);
  registerEval(program);
  registerDatasets(program);
  registerJudge(program);
  registerKb(program);
  registerLadder(program);
  registerReview(program);
  registerExport(program);
  registerLocal(program);
  registerModels(program);
  registerRouter(program);
  registerRoutes(program);
  registerProviders(program);
  registerLoadtest(program);
  registerMonitor(program);
  registerGuard(program);
  registerDemo(program);
  registerMigrate(program);
}
