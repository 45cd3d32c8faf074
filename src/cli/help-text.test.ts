import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from './commands/index.js';
import { registerEval } from './commands/eval.js';
import { registerServe } from './commands/serve.js';

/** The full `--help` text of a command path, as a terminal would show it. */
function help(register: (program: Command) => void, ...path: string[]): string {
  const program = new Command('switchyard');
  register(program);
  let command: Command = program;
  for (const name of path) command = command.commands.find((c) => c.name() === name) as Command;
  let text = '';
  command.configureOutput({ writeOut: (s) => void (text += s) });
  command.outputHelp();
  return text;
}

describe('help text', () => {
  it('names the environment variables serve reads', () => {
    const text = help(registerServe, 'serve');
    for (const name of ['SWITCHYARD_CONFIG', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'PORT', 'SWITCHYARD_DB', 'OTEL_EXPORTER_OTLP_']) expect(text).toContain(name);
    // Every description starts in the same column.
    const rows = text.slice(text.indexOf('Environment:')).split('\n').slice(1).filter((line) => line.startsWith('  '));
    expect(rows.length).toBe(8);
    expect(new Set(rows.map((row) => /^ {2}.*? {2,}/.exec(row)?.[0].length))).toEqual(new Set([24]));
  });

  it('lists only options that apply: importing past bad lines is for new runs only', () => {
    expect(help(registerEval, 'eval', 'run')).toContain('--skip-bad-lines');
    expect(help(registerEval, 'eval', 'resume')).not.toContain('--skip-bad-lines');
    expect(help(registerEval, 'eval', 'rerun')).not.toContain('--skip-bad-lines');
    expect(help(registerEval, 'eval', 'run')).toMatch(/--api-key <key> .*\$SWITCHYARD_API_KEY/s);
    expect(help(registerEval, "eval", "show")).toMatch(/--json[\s\S]*stdout[\s\S]*--out <file>/);
  });

  it("takes --config wherever --db's help names the --config file's store as its default", () => {
    const root = new Command('switchyard');
    registerCommands(root);
    const every = (command: Command): Command[] => [command, ...command.commands.flatMap(every)];
    const naming = every(root).filter((command) => command.options.some((o) => o.long === '--db' && /--config( file)?'s store/.test(o.description)));
    // eval list, datasets list and judge list said so without the option: `--config` was unknown.
    expect(naming.length).toBeGreaterThan(30);
    const lacking = naming.filter((command) => !command.options.some((o) => o.long === '--config')).map((command) => `${command.parent?.name()} ${command.name()}`);
    expect(lacking).toEqual([]);
  });
});
