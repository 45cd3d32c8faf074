import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { ReportedFailure, reportStartFailure } from './start-failure.js';

describe('a failure to start', () => {
  it('is one JSON error event when the format is json, and is then not said again', () => {
    const lines: string[] = [];
    const refused = new SwitchyardError('config_invalid', 'invalid config a.yaml:\n  - providers: required');
    const reported = reportStartFailure(refused, 'json', (text) => lines.push(text));
    expect(reported).toBeInstanceOf(ReportedFailure);
    expect((reported as ReportedFailure).original).toBe(refused);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('}\n')).toBe(true);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'error', component: 'serve', code: 'config_invalid', msg: 'could not start: invalid config a.yaml:\n  - providers: required' });
    // Not the gateway's own error (a bug): its stack goes in a field.
    reportStartFailure(new TypeError('boom'), 'json', (text) => lines.push(text));
    expect(JSON.parse(lines[1] as string)).toMatchObject({ msg: 'could not start: boom', error: { kind: 'TypeError', message: 'boom', stack: expect.stringMatching(/^TypeError: boom\n/) } });
  });

  it('is left to the CLI as text, or while no format is known', () => {
    const error = new SwitchyardError('config_invalid', 'x');
    const write = () => {
      throw new Error('nothing is written');
    };
    expect(reportStartFailure(error, 'text', write)).toBe(error);
    expect(reportStartFailure(error, undefined, write)).toBe(error);
  });
});
