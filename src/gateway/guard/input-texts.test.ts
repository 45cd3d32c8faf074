import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { inputTexts } from './input-texts.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('inputTexts', () => {
  it('reads text files as documents, and counts images, audio and files it cannot read', () => {
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Summarise these.' },
            { type: 'file', file: { file_data: `data:text/plain;base64,${b64('notes: call Ann')}` } },
            { type: 'file', file: { file_data: `data:application/pdf;base64,${b64('%PDF')}` } },
            { type: 'file', file: { file_id: 'file-1' } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          ],
        },
        { role: 'tool', tool_call_id: 't', content: 'tool output' },
      ],
    };
    const texts = inputTexts(request);
    expect(texts.userTurn).toBe('Summarise these.');
    expect(texts.documents).toEqual(['notes: call Ann', 'tool output']);
    expect(texts.all).toBe('Summarise these.\nnotes: call Ann\ntool output');
    expect(texts.unreadable).toEqual({ images: 1, audio: 1, files: ['application/pdf', 'file by id'] });
  });
});
