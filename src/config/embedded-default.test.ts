import { describe, expect, it } from 'vitest';
import { embeddedDefault, needsSimulator } from './embedded-default.js';

describe('the models served without a config', () => {
  it('include Claude Code\'s default model, on the simulator and on Anthropic', () => {
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).models['claude-opus-4-8']).toMatchObject({ provider: 'simulated-anthropic', model: 'claude-opus-4-8' });
    expect(embeddedDefault({ ANTHROPIC_API_KEY: 'sk-ant-x' }).models['claude-opus-4-8']).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-8' });
  });

  it('include Gemini models: Google\'s with GEMINI_API_KEY, else the simulator\'s Gemini API', () => {
    // The banner named the Gemini SDK's base URL, and npm start served it no Gemini model.
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).models['gemini-2.5-flash']).toMatchObject({ provider: 'simulated-gemini', model: 'gemini-2.5-flash' });
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).providers['simulated-gemini']).toMatchObject({ type: 'gemini', base_url: 'http://127.0.0.1:9300', simulated: true });
    const google = embeddedDefault({ GEMINI_API_KEY: 'AIza-x' });
    expect(google.providers.gemini).toMatchObject({ type: 'gemini', base_url: 'https://generativelanguage.googleapis.com', api_key: 'AIza-x' });
    expect(Object.keys(google.models)).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-embedding-001']);
    expect(embeddedDefault({ GEMINI_API_KEY: 'AIza-x', GEMINI_BASE_URL: 'http://127.0.0.1:8080' }).providers.gemini).toMatchObject({ base_url: 'http://127.0.0.1:8080' });
    expect(needsSimulator({ GEMINI_API_KEY: 'AIza-x' })).toBe(false);
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x' }).models['gemini-2.5-flash']).toBeUndefined();
  });

  it('send the Responses API to OpenAI as sent, and translate it for another server behind OPENAI_BASE_URL', () => {
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x' }).providers.openai).toMatchObject({ responses: 'native' });
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'https://api.openai.com/v1' }).providers.openai).toMatchObject({ responses: 'native' });
    expect(embeddedDefault({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }).providers.openai).toMatchObject({ responses: 'translate' });
    expect(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).providers['simulated-openai']).toMatchObject({ responses: 'translate' });
  });
});
