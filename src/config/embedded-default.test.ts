import { describe, expect, it } from 'vitest';
import { embeddedDefault } from './embedded-default.js';

describe('the models served without a config', () => {
  it('include Claude Code\'s default model, on the simulator and on Anthropic', () => {
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).models['claude-opus-4-8']).toMatchObject({ provider: 'simulated-anthropic', model: 'claude-opus-4-8' });
    expect(embeddedDefault({ ANTHROPIC_API_KEY: 'sk-ant-x' }).models['claude-opus-4-8']).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-8' });
  });

  it('send the Responses API to OpenAI as sent, and translate it for another server behind OPENAI_BASE_URL', () => {
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x' }).providers.openai).toMatchObject({ responses: 'native' });
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'https://api.openai.com/v1' }).providers.openai).toMatchObject({ responses: 'native' });
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }).providers.openai).toMatchObject({ responses: 'translate' });
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).providers['simulated-openai']).toMatchObject({ responses: 'translate' });
  });
});
