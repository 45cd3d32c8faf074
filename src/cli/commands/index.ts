import type { Command } from 'commander';
import { registerDatasets } from './datasets.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerJudge } from './judge.js';
import { registerMigrate } from './migrate.js';
import { registerReview } from './review.js';
import { registerServe } from './serve.js';
import { registerSimulate } from './simulate.js';
import { registerTraces } from './traces.js';

/** Every command registers itself here; order is the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerSimulate(program);
  registerTraces(program);
  registerEval(program);
  registerDatasets(program);
  registerJudge(program);
  registerReview(program);
  registerExport(program);
  registerMigrate(program);
}
