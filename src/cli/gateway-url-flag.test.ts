import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkGatewayFlag } from './gateway-url-flag.js';

const BIN = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));

function refusal(value: string): string {
  try {
    checkGatewayFlag(value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
}

/** stderr and exit code of the built CLI run with these words. */
function run(words: string[]): { status: number; stderr: string } {
  try {
    execFileSync(process.execPath, [BIN, ...words], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    return { status: 0, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stderr: string };
    return { status: e.status, stderr: String(e.stderr) };
  }
}

describe('--gateway', () => {
  it('accepts http and https URLs, with a path or without', () => {
    for (const url of ['http://127.0.0.1:4000', 'https://gateway.example.com', 'http://localhost:4001/v1', 'http://[::1]:4000/']) expect(() => checkGatewayFlag(url)).not.toThrow();
    expect(() => checkGatewayFlag(undefined)).not.toThrow();
  });

  it('refuses a host:port without the scheme, naming the URL meant', () => {
    expect(refusal('127.0.0.1:4001')).toBe('--gateway must be an http:// or https:// URL such as http://127.0.0.1:4000, got "127.0.0.1:4001" (did you mean http://127.0.0.1:4001?)');
    // new URL reads "localhost:4001" as scheme "localhost:"; it is still a host and port.
    expect(refusal('localhost:4001/v1')).toContain('(did you mean http://localhost:4001/v1?)');
    expect(refusal('ws://127.0.0.1:4000')).toContain('got "ws://127.0.0.1:4000" (did you mean http://127.0.0.1:4000?)');
  });

  it('refuses what no scheme would fix, without a guess', () => {
    expect(refusal('http://')).toBe('--gateway must be an http:// or https:// URL such as http://127.0.0.1:4000, got "http://"');
    expect(refusal('my gateway')).not.toContain('did you mean');
  });

  it('stops every command that takes it before any work, with the message and no stack trace', () => {
    const commands = [
      ['providers'],
      ['routes'],
      ['eval', 'run', 'examples/support-suite.yaml'],
      ['judge', 'calibrate', '--dataset', 'd', '--model', 'm', '--rubric', 'r', '--name', 'n'],
      ['loadtest', '--model', 'small', '--duration', '1s'],
      ['guard', 'redteam', '--model', 'small'],
    ];
    for (const words of commands) {
      const { status, stderr } = run([...words, '--gateway', '127.0.0.1:4001']);
      expect({ words, status, stderr: stderr.trim() }).toEqual({ words, status: 1, stderr: 'switchyard: --gateway must be an http:// or https:// URL such as http://127.0.0.1:4000, got "127.0.0.1:4001" (did you mean http://127.0.0.1:4001?)' });
    }
  }, 120_000);
});
