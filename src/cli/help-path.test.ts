import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from './commands/index.js';
import { helpAsFlag, unknownCommandInHelp } from './help-path.js';

/** What `switchyard WORDS…` prints, run through the real command tree. */
function run(words: string[]): string {
  let text = '';
  const program = new Command('switchyard').exitOverride().configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s) });
  registerCommands(program);
  try {
    program.parse(helpAsFlag(words), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return text;
}

describe('switchyard help with a command path', () => {
  it('shows the options and examples of the subcommand named, not of its group', () => {
    const text = run(['help', 'eval', 'run']);
    expect(text).toContain('Usage: switchyard eval run [options] <suite>');
    expect(text).toContain('--skip-bad-lines');
    expect(text).toContain('$ switchyard eval run examples/support-suite.yaml --config examples/switchyard.sim.yaml');
  });

  it('leaves one-word help and other commands as they are', () => {
    expect(run(['help', 'eval'])).toContain('Usage: switchyard eval [options] [command]');
    expect(helpAsFlag(['eval', 'run', 'suite.yaml'])).toEqual(['eval', 'run', 'suite.yaml']);
    expect(helpAsFlag(['help'])).toEqual(['help']);
  });
});

describe('help asked about a command that is not there', () => {
  const program = () => {
    const root = new Command('switchyard');
    registerCommands(root);
    return root;
  };

  it("names the mistyped word and the command meant, where commander printed the nearest command's help", () => {
    expect(unknownCommandInHelp(program(), ['help', 'evals'])).toBe("error: unknown command 'evals'\n(Did you mean eval?)");
    expect(unknownCommandInHelp(program(), ['help', 'eval', 'runn'])).toBe("error: unknown command 'runn'\n(Did you mean run?)");
    expect(unknownCommandInHelp(program(), ['kb', 'serch', '-h'])).toBe("error: unknown command 'serch'\n(Did you mean search?)");
  });

  it('leaves help of real commands alone, with their arguments, options and commander\'s own `eval help run`', () => {
    for (const words of [['help'], ['--help'], ['help', 'eval', 'run'], ['eval', 'help', 'run'], ['eval', 'run', 'suite.yaml', '--help'], ['models', '--route', 'x', '--help'], ['traces', 'show', '--help'], ['eval', 'runn']]) {
      expect(unknownCommandInHelp(program(), words), words.join(' ')).toBeUndefined();
    }
  });
});
