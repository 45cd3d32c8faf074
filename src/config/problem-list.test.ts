import { describe, expect, it } from 'vitest';
import { problemKind, problemList } from './problem-list.js';

const unknownTarget = (i: number) => `routes.r${i}.arms[0].target: unknown target "nosuch${i}" (models: small)`;

describe('problemList', () => {
  it('lists every problem when there are 50 or fewer', () => {
    const problems = Array.from({ length: 50 }, (_, i) => unknownTarget(i));
    const lines = problemList('c.yaml', problems).split('\n');
    expect(lines[0]).toBe('invalid config c.yaml:');
    expect(lines).toHaveLength(51);
    expect(lines.at(-1)).toBe(`  - ${unknownTarget(49)}`);
  });

  it('past 50, ends with how many more of each kind, the count after the kind so it reads right for one or many', () => {
    // 61 problems: the last line said "… and 11 more: 11 unknown target".
    const problems = [...Array.from({ length: 60 }, (_, i) => unknownTarget(i)), 'server.port: expected number, got "eighty"'];
    const lines = problemList('c.yaml', problems).split('\n');
    expect(lines[0]).toBe('invalid config c.yaml (61 problems):');
    expect(lines.filter((l) => l.startsWith('  - '))).toHaveLength(50);
    expect(lines.at(-1)).toBe('  … and 11 more: unknown target (10), expected number (1)');
  });

  it('names the five commonest kinds and sums the rest as other kinds', () => {
    const kinds = ['unknown target "x"', 'unknown provider "p"', 'expected number', 'expected string', 'duplicate key name "k"', 'expected object', 'ends with a line break (\\n)'];
    const rest = kinds.flatMap((kind, k) => Array.from({ length: 10 - k }, (_, i) => `a.b${k}_${i}: ${kind}`));
    const problems = [...Array.from({ length: 50 }, (_, i) => unknownTarget(i)), ...rest];
    expect(problemList('c.yaml', problems).split('\n').at(-1)).toBe(
      `  … and ${rest.length} more: unknown target (10), unknown provider (9), expected number (8), expected string (7), duplicate key name (6), other kinds (9)`,
    );
  });
});

describe('problemKind', () => {
  it('is the message without its path, quoted values and what follows the first clause', () => {
    expect(problemKind('routes.r1.arms[0].target: unknown target "x" (models: small)')).toBe('unknown target');
    expect(problemKind('server.port: expected number, got "eighty"')).toBe('expected number');
    expect(problemKind('a: ""')).toBe('other');
  });
});
