/**
 * The Gemini API's paths: `/v1beta/models/{model}:{method}` for generation, streaming, embeddings
 * and token counting, and `GET /v1beta/models[/{model}]`.
 */
import { prepareEmbed } from './gemini-embed.js';
import { prepareGenerate } from './gemini-generate.js';
import { getGeminiModel, listGeminiModels, prepareGeminiCountTokens } from './gemini-models.js';
import type { Route } from './routes.js';

/**
 * The route for a `/v1beta/…` request, with the model taken from the path.
 *
 * @example findGeminiRoute('POST', '/v1beta/models/gemini-2.5-flash:generateContent')?.model // 'gemini-2.5-flash'
 */
export function findGeminiRoute(method: string, path: string): Route | undefined {
  if (method === 'GET') {
    if (path === '/v1beta/models' || path === '/v1beta/models/') return { api: 'gemini', hasModel: false, prepare: listGeminiModels };
    if (!path.startsWith('/v1beta/models/') || path.includes(':')) return undefined;
    const id = decodeURIComponent(path.slice('/v1beta/models/'.length));
    return { api: 'gemini', hasModel: false, prepare: (ex) => getGeminiModel(ex, id) };
  }
  if (method !== 'POST') return undefined;
  const match = /^\/v1beta\/(?:models|tunedModels)\/([^/:]+):([A-Za-z]+)$/.exec(path);
  if (!match) return undefined;
  const model = decodeURIComponent(match[1]!);
  switch (match[2]) {
    case 'generateContent':
      return { api: 'gemini', hasModel: true, model, prepare: (ex) => prepareGenerate(ex, model, false) };
    case 'streamGenerateContent':
      return { api: 'gemini', hasModel: true, model, prepare: (ex) => prepareGenerate(ex, model, true) };
    case 'embedContent':
      return { api: 'gemini', hasModel: true, model, prepare: (ex) => prepareEmbed(ex, model, false) };
    case 'batchEmbedContents':
      return { api: 'gemini', hasModel: true, model, prepare: (ex) => prepareEmbed(ex, model, true) };
    case 'countTokens':
      return { api: 'gemini', hasModel: true, model, prepare: (ex) => prepareGeminiCountTokens(ex, model) };
    default:
      return undefined;
  }
}
