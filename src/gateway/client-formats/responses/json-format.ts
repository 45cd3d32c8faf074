import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { isWebSearchTool } from './web-search-tool.js';

/**
 * Whether a Responses request asks for JSON (`text.format` of type `json_schema` or
 * `json_object`): every `output_text` of its answer is then read as that JSON (the SDK's
 * `responses.parse` parses each one, its `output_text` joins them all).
 *
 * @example asksForJson({ model: 'm', input: 'Hi', text: { format: { type: 'json_object' } } }) // true
 */
export function asksForJson(request: ResponsesRequest): boolean {
  const type = request.text?.format?.type;
  return type === 'json_schema' || type === 'json_object';
}

/**
 * Whether a model answering `request` may say something, search the web, then answer: a JSON
 * request that offers the web search tool. Claude writes a line before it searches ("Let me search
 * for that."), which is no part of the JSON, so such an answer's text is held until it is known
 * whether a search follows it (response-stream-encoder.ts).
 *
 * @example saysBeforeSearching({ model: 'm', input: 'Hi', tools: [{ type: 'web_search' }], text: { format: { type: 'json_object' } } }) // true
 */
export function saysBeforeSearching(request: ResponsesRequest): boolean {
  return asksForJson(request) && Array.isArray(request.tools) && request.tools.some((tool) => typeof tool?.type === 'string' && isWebSearchTool(tool as { type: string }));
}
