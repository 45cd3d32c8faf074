import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');

export interface ServeProcess {
  child: ChildProcess;
  /** The port the gateway bound (the OS picked it: no other test can take it between pick and bind). */
  port: number;
  url: string;
  /** Resolves at exit with the code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
}

/**
 * Starts `switchyard serve --config <config> --port 0` as a process and resolves once its banner
 * names the address, or rejects with its output if it exits first. No deadline of its own: on a
 * loaded machine a start (with a journal replay) can take many seconds, and the test's timeout
 * is the safety net.
 *
 * @example const gw = await serveProcess(configFile); … gw.child.kill('SIGTERM'); await gw.exited;
 * @example await serveProcess(configFile, [], { ...process.env, SWITCHYARD_LOG_FORMAT: 'json' })
 */
export function serveProcess(config: string, nodeFlags: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'serve', '--config', config, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (url) resolve({ child, port: Number(url[2]), url: url[1] as string, exited, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`switchyard serve exited (code ${code}, signal ${signal}) before it listened:\n${output}`)));
  });
}
