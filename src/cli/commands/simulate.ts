import { type Command, InvalidArgumentError } from 'commander';
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { type FlagRange, numberInRange, rangeWords } from '../../core/number-flag.js';
import type { ScriptRule } from '../../simulate/types.js';
import { watchParent } from '../parent-watch.js';
import { STARTED_BY_NPM, STARTED_BY_PID } from '../started-by.js';

interface SimulateFlags {
  port?: number;
  host: string;
  ttftMs: number;
  tokensPerSecond: number;
  latencyMs: number;
  faultRate: number;
  scripts?: string;
}

/** A commander parser for a number flag: decimal digits within `range`, as every number flag. */
function numberArgument(range: FlagRange): (value: string) => number {
  return (value) => {
    const n = numberInRange(value, range);
    if (n === undefined) throw new InvalidArgumentError(`expected ${rangeWords(range)}, got ${quoteClipped(value)}`);
    return n;
  };
}

const PORT: FlagRange = { min: 0, max: 65_535, integer: true };
// Past 2^31 ms Node fires a timer at once: a simulated hour is already more than any test waits.
const MILLISECONDS: FlagRange = { min: 0, max: 3_600_000 };
const port = numberArgument(PORT);

/**
 * The port without `--port`: `$SWITCHYARD_SIM_PORT` (the example configs put it in their URLs,
 * `${SWITCHYARD_SIM_PORT:-9300}`), so one variable moves the simulator and every config that
 * fronts it off a 9300 something else holds.
 */
function simulatorPort(env: Record<string, string | undefined>): number {
  const value = env.SWITCHYARD_SIM_PORT;
  if (value === undefined || value.trim() === '') return 9300;
  const parsed = numberInRange(value.trim(), PORT);
  if (parsed === undefined) throw new SwitchyardError('config_invalid', `SWITCHYARD_SIM_PORT must be a port from 0 to 65535, got ${quoteClipped(value, 40)}`);
  return parsed;
}

/** Adds every rule of a JSON file (one rule or an array), naming the file in any error. */
async function loadScripts(file: string, add: (rule: ScriptRule) => void): Promise<void> {
  const { readFileWithinSync } = await import('../../core/read-at-most.js');
  const { parseScriptRule } = await import('../../simulate/script.js');
  const { decodeDataFile } = await import('../../core/data-text.js');
  const { whyUnreadable } = await import('../../core/missing-file.js');
  // Bounded as it is read (64 MiB, as a document guard scan reads whole): `--scripts /dev/zero` took 1.8 GB and more.
  const bytes = readFileWithinSync(file, 64 << 20, 'a --scripts file', (error) => new SwitchyardError('config_invalid', `--scripts ${file}: cannot read it: ${whyUnreadable(file, error)}`, { cause: error }), 'config_invalid');
  try {
    // Its bytes as every data file's: a zip or gzip refused as what it is, not "Unexpected token".
    const parsed: unknown = JSON.parse(decodeDataFile(bytes, file));
    const rules = (Array.isArray(parsed) ? parsed : [parsed]).map(parseScriptRule);
    for (const rule of rules) add(rule);
  } catch (error) {
    // decodeDataFile's messages name the file already.
    throw new SwitchyardError('config_invalid', `--scripts ${file}: ${(error as Error).message.replace(`${file}: `, '')}`, { cause: error });
  }
}

/**
 * `switchyard simulate`: a local stand-in for the OpenAI, Anthropic and Gemini APIs, for demos, tests
 * and benchmarks without keys.
 *
 * @example switchyard simulate --port 9300 --ttft-ms 200 --tokens-per-second 50 --fault-rate 0.01
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run a local stand-in for the OpenAI, Anthropic and Gemini APIs (wire formats, streaming, latency, errors)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one; default $SWITCHYARD_SIM_PORT, which the example configs read too, else 9300)', port)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--ttft-ms <ms>', 'time to first token', numberArgument(MILLISECONDS), 0)
    .option('--tokens-per-second <n>', 'streaming pace after the first token (0 = all at once)', numberArgument({ min: 0, max: 1_000_000 }), 0)
    .option('--latency-ms <ms>', 'extra latency of non-streaming answers', numberArgument(MILLISECONDS), 0)
    .option('--fault-rate <p>', 'probability of a random 500 on model requests', numberArgument({ min: 0, max: 1 }), 0)
    .option('--scripts <file>', 'JSON file with an array of script rules ({ match, model, reply, usage })')
    .action(async (flags: SimulateFlags) => {
      // Imported here so that `switchyard --help` does not load the simulator.
      const { startSimulator } = await import('../../simulate/simulator.js');
      const sim = await startSimulator({
        port: flags.port ?? simulatorPort(process.env),
        host: flags.host,
        ttftMs: flags.ttftMs,
        tokensPerSecond: flags.tokensPerSecond,
        latencyMs: flags.latencyMs,
        faultRate: flags.faultRate,
      });
      if (flags.scripts) {
        try {
          await loadScripts(flags.scripts, (rule) => sim.addScript(rule));
        } catch (error) {
          await sim.close();
          throw error;
        }
      }
      // Listened for before the banner: a signal sent the moment "listening on" is read must close the simulator, not kill it.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        // As serve: started through npx, killing npx's PID alone left the simulator on its port.
        if (STARTED_BY_NPM) {
          watchParent((was) => {
            console.error(`parent process ${was} exited: the simulator stops with what started it`);
            stop();
          }, { startedBy: STARTED_BY_PID });
        }
      });
      console.log(`switchyard simulator listening on ${sim.url}`);
      console.log(`  OpenAI base URL:    ${sim.url}/v1`);
      console.log(`  Anthropic base URL: ${sim.url}`);
      console.log(`  Gemini base URL:    ${sim.url}`);
      console.log(`  control:            ${sim.url}/_sim/{faults,scripts,stats,reset}`);
      await stopped;
      await sim.close();
    });
}
