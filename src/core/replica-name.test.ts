import { describe, expect, it } from 'vitest';
import { MAX_REPLICA_NAME, replicaName } from './replica-name.js';

describe('the replica name of a gateway process', () => {
  it('is $SWITCHYARD_REPLICA when set', () => {
    expect(replicaName({ SWITCHYARD_REPLICA: 'eu-west.1:a_b' }, 'host', 7)).toBe('eu-west.1:a_b');
  });

  it("is the host's name and the pid by default (an empty variable too)", () => {
    expect(replicaName({}, 'web-1', 4211)).toBe('web-1-4211');
    expect(replicaName({ SWITCHYARD_REPLICA: '' }, 'web-1', 4211)).toBe('web-1-4211');
    // A host name with characters a replica name does not hold, or too long, still gives a valid one.
    expect(replicaName({}, 'my host/ä', 9)).toBe('my-host---9');
    const long = replicaName({}, 'h'.repeat(300), 123456);
    expect(long).toHaveLength(MAX_REPLICA_NAME);
    expect(long.endsWith('-123456')).toBe(true);
    expect(replicaName({ SWITCHYARD_REPLICA: long }, 'x', 1)).toBe(long);
  });

  it('refuses a name too long or with other characters, naming the variable, the value and what is expected', () => {
    expect(() => replicaName({ SWITCHYARD_REPLICA: 'eu 1' }, 'h', 1)).toThrow(
      `SWITCHYARD_REPLICA: expected a replica name of 1 to ${MAX_REPLICA_NAME} letters, digits, '.', '_', ':' or '-' (beginning with a letter or digit), got "eu 1"`,
    );
    expect(() => replicaName({ SWITCHYARD_REPLICA: '-eu' }, 'h', 1)).toThrow('got "-eu"');
    expect(() => replicaName({ SWITCHYARD_REPLICA: 'a'.repeat(MAX_REPLICA_NAME + 1) }, 'h', 1)).toThrow(`(${MAX_REPLICA_NAME + 1} characters)`);
  });
});
