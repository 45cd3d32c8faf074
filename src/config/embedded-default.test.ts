import { describe, expect, it } from 'vitest';
import { embeddedDefault } from './embedded-default.js';

describe('the models served without a config', () => {
  it('include Claude Code\'s default model, on the simulator and on Anthropic', () => {
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).models['claude-opus-4-8']).toMatchObject({ provider: 'simulated-anthropic', model: 'claude-opus-4-8' });
    expect(embeddedDefault({ ANTHROPIC_API_KEY: 'sk-ant-x' }).models['claude-opus-4-8']).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-8' });
  });
});
