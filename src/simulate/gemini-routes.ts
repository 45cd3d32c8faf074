/**
 * The Gemini API's paths: `/{version}/models/{model}:{method}` for generation, streaming,
 * embeddings and token counting, and `GET /{version}/models[/{model}]`, under both versions Google
 * serves: `v1beta` (@google/genai 2.x and most clients) and `v1` (the default of @google/genai 3).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { prepareEmbed } from './gemini-embed.js';
import { prepareGenerate } from './gemini-generate.js';
import { getGeminiModel, listGeminiModels, prepareGeminiCountTokens } from './gemini-models.js';
import type { Route } from './routes.js';

/**
 * Whether a request is for the Gemini API: any `/v1beta/` path, and on `/v1/models` a method
 * call (`…/models/{model}:generateContent`) or a Google API key in `x-goog-api-key` (how
 * @google/genai 3 lists and reads models; the OpenAI and Anthropic SDKs never send that header).
 *
 * @example isGeminiPath('/v1/models/gemini-2.5-flash:generateContent', {}) // true
 */
export function isGeminiPath(path: string, headers: IncomingHttpHeaders): boolean {
  if (path.startsWith('/v1beta/')) return true;
  if (!path.startsWith('/v1/models') && !path.startsWith('/v1/tunedModels/')) return false;
  return path.includes(':') || headers['x-goog-api-key'] !== undefined;
}

/**
 * The route for a Gemini request (see `isGeminiPath`), with the model taken from the path.
 *
 * @example findGeminiRoute('POST', '/v1beta/models/gemini-2.5-flash:generateContent')?.model // 'gemini-2.5-flash'
 */
export function findGeminiRoute(method: string, path: string): Route | undefined {
  const version = /^\/v1(?:beta)?\//.exec(path)?.[0];
  if (version === undefined) return undefined;
  const rest = path.slice(version.length - 1);
  if (method === 'GET') {
    if (rest === '/models' || rest === '/models/') return { api: 'gemini', hasModel: false, prepare: listGeminiModels };
    if (!rest.startsWith('/models/') || rest.includes(':')) return undefined;
    const id = decodeURIComponent(rest.slice('/models/'.length));
    return { api: 'gemini', hasModel: false, prepare: (ex) => getGeminiModel(ex, id) };
  }
  if (method !== 'POST') return undefined;
  const match = /^\/(?:models|tunedModels)\/([^/:]+):([A-Za-z]+)$/.exec(rest);
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
