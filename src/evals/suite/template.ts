import type { DatasetItem } from '../types.js';

const VARIABLE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/**
 * The variables a template uses, in order of first use.
 *
 * @example templateVariables('Answer {{ input }} in {{metadata.lang}}') // ['input', 'metadata.lang']
 */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) names.add(match[1] as string);
  return [...names];
}

/** Text for a variable value: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The variables one item offers: `input`, `id`, `expected`, `output` (a scored answer, or the
 * model's output when scoring), every field of an object input by name, and `metadata.<key>`.
 *
 * @example itemVariables({ id: 'a', input: { question: 'Hi' } }).get('question') // 'Hi'
 */
export function itemVariables(item: DatasetItem, modelOutput?: string): Map<string, string> {
  const vars = new Map<string, string>([
    ['id', item.id],
    ['input', asText(item.input)],
  ]);
  if (typeof item.input === 'object') for (const [key, value] of Object.entries(item.input)) vars.set(key, asText(value));
  if (item.expected !== undefined) vars.set('expected', asText(item.expected));
  const output = modelOutput ?? item.output;
  if (output !== undefined) vars.set('output', output);
  for (const [key, value] of Object.entries(item.metadata ?? {})) vars.set(`metadata.${key}`, asText(value));
  return vars;
}

/**
 * Fills `{{name}}` placeholders; an unknown name is left as is (suites are checked before any
 * call, so at run time this only happens for literal braces the author meant). `quote` turns a
 * value into the template's own syntax (a regular expression's, say) so data is read as data.
 *
 * @example renderTemplate('Q: {{input}}', new Map([['input', 'Hi']])) // 'Q: Hi'
 */
export function renderTemplate(template: string, vars: ReadonlyMap<string, string>, quote?: (value: string) => string): string {
  return template.replace(VARIABLE, (whole, name: string) => {
    const value = vars.get(name);
    if (value === undefined) return whole;
    return quote ? quote(value) : value;
  });
}
