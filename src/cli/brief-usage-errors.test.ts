import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));

/** stderr of the built CLI run with these words (every usage error exits 1). */
function usageError(words: string[]): string {
  try {
    execFileSync(process.execPath, [BIN, ...words], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return String((error as { stderr: string }).stderr);
  }
  throw new Error(`switchyard ${words.join(' ')} exited 0`);
}

describe('usage errors', () => {
  it('print the error, the usage line and where the full help is, not every option', () => {
    expect(usageError(['local', 'train']).trimEnd().split('\n')).toEqual([
      "error: required option '--data <file>' not specified",
      'Usage: switchyard local train [options]',
      '(switchyard help local train shows every option, with examples)',
    ]);
    expect(usageError(['eval', 'run']).trimEnd().split('\n')).toEqual([
      "error: missing required argument 'suite'",
      '(for example: switchyard eval run examples/support-suite.yaml --config examples/switchyard.sim.yaml)',
      'Usage: switchyard eval run [options] <suite>',
      '(switchyard help eval run shows every option, with examples)',
    ]);
    expect(usageError(['nosuchcommand']).trimEnd().split('\n').slice(-2)).toEqual(['Usage: switchyard [options] [command]', '(switchyard help lists every command)']);
  });

  it('say what a missing argument is and show an example that passes it (topics said only "missing required argument \'route\'")', () => {
    expect(usageError(['topics']).trimEnd().split('\n')).toEqual([
      "error: missing required argument 'route': the route or model whose prompts to cluster (switchyard routes lists those with traffic)",
      '(for example: switchyard topics support --range 7d)',
      'Usage: switchyard topics [options] <route>',
      '(switchyard help topics shows every option, with examples)',
    ]);
    // An example's comment is left out; the line it shows passes the argument.
    expect(usageError(['keys', 'create']).split('\n')[1]).toBe('(for example: switchyard keys create support-bot)');
  });

  it('name both flags when one is read only with the other', () => {
    expect(usageError(['loadtest', '--per-user', '5']).trimEnd().split('\n')).toEqual([
      'error: --per-user 5 is read only with --users N (the users to project cost and rate for): add --users, or leave out --per-user',
      'Usage: switchyard loadtest [options]',
      '(switchyard help loadtest shows every option, with examples)',
    ]);
  });

  it('offer the option an unknown flag is the start of, which is no typo away', () => {
    // `local predict` takes --text; `local train` and `kb add` name a column or field.
    expect(usageError(['local', 'train', '--data', 'x.csv', '--out', 'x.sylm', '--label', 'category']).trimEnd().split('\n').slice(0, 2)).toEqual([
      "error: unknown option '--label'",
      '(Did you mean --label-column?)',
    ]);
    expect(usageError(['kb', 'add', 'faq', '--jsonl', 'x.jsonl', '--text=body']).trimEnd().split('\n').slice(0, 2)).toEqual([
      "error: unknown option '--text=body'",
      '(Did you mean --text-field?)',
    ]);
    // Commander's own suggestion stays the only one; an ambiguous start offers nothing.
    expect(usageError(['traces', '--staus', 'ok']).trimEnd().split('\n').slice(0, 2)).toEqual(["error: unknown option '--staus'", '(Did you mean --status?)']);
    expect(usageError(['local', 'train', '--data', 'x.csv', '--out', 'x.sylm', '--min', '1']).trimEnd().split('\n')[1]).toBe('Usage: switchyard local train [options]');
  });

  it('leave the full help where it was asked for', () => {
    const help = execFileSync(process.execPath, [BIN, 'help', 'local', 'train'], { encoding: 'utf8' });
    expect(help).toContain('--text-column');
    expect(help.split('\n').length).toBeGreaterThan(10);
  });
});

describe('a long value typed by mistake (a pasted file)', () => {
  const long = 'x'.repeat(300);
  it.each([
    ['traces --limit', ['traces', '--limit', long], '--limit must be an integer'],
    ['traces --status', ['traces', '--status', long], '--status must be'],
    ['serve --port', ['serve', '--port', long], '--port must be an integer'],
    ['loadtest --duration', ['loadtest', '--model', 'm', '--duration', long], '--duration must be a duration'],
    ["simulate --ttft-ms (commander's own error)", ['simulate', '--ttft-ms', long], "option '--ttft-ms <ms>' argument"],
    ['an unknown option', [`--${long}`], 'unknown option'],
    ['an unknown command', ['eval', long], 'unknown command'],
    ['help on an unknown command', ['help', long], 'unknown command'],
  ])('is named by its first 100 characters: %s', (_label, words, says) => {
    const first = usageError(words).split('\n')[0] ?? '';
    expect(first).toContain(says);
    expect(first).toContain(`${'x'.repeat(98)}…`);
    expect(first).not.toContain('x'.repeat(101));
  });
});
