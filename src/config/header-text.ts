import { z } from 'zod';

/**
 * A character HTTP cannot carry in a header value where it stands, named for the message; undefined
 * when it can carry the whole value.
 *
 * @example headerValueProblem('sk-\u200bx') // 'holds the character U+200B at character 4'
 */
export function headerValueProblem(value: string): string | undefined {
  const name = (c: string) => {
    if (c === ' ') return 'a space';
    if (c === '\t') return 'a tab';
    if (c === '\n') return 'a line break (\\n)';
    if (c === '\r') return 'a carriage return (\\r)';
    const code = c.codePointAt(0)!;
    return `the ${code < 0x100 ? 'control ' : ''}character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  };
  if (/^\s/.test(value)) return `starts with ${name(value[0]!)}`;
  if (/\s$/.test(value)) return `ends with ${name(value.at(-1)!)}`;
  // Controls, and anything past Latin-1 (a zero-width space or a typographic quote pasted with a
  // key): Node and undici send a header's characters as single bytes and refuse the rest.
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  const refused = /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/u.exec(value);
  return refused ? `holds ${name(refused[0])} at character ${refused.index + 1}` : undefined;
}

/**
 * A secret or header value the gateway sends or matches in an HTTP header: nothing HTTP trims or
 * refuses. A configured key " sk-…" never matched what clients send (HTTP trims header values),
 * and a provider key read from a Windows .env ends in "\r", which Node refuses to send: every call
 * failed as a broken connection, three attempts each.
 *
 * @example headerText().parse('sk-abc') // 'sk-abc'
 */
export function headerText(schema: z.ZodString = z.string()) {
  return schema.superRefine((value, ctx) => {
    const problem = headerValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: HTTP headers cannot carry it; remove it from the file or the environment variable it comes from` });
  });
}

/** RFC 9110's token: what a header's name may hold. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Extra headers to send (a provider's, a webhook's, an exporter's): names HTTP takes and values
 * it carries. A name with a space or a line break failed every call as "invalid header key".
 *
 * @example headerMap().parse({ 'OpenAI-Organization': 'org-1' }) // { 'OpenAI-Organization': 'org-1' }
 */
export function headerMap() {
  const name = z.string().refine((key) => TOKEN.test(key), {
    error: (issue) => `${JSON.stringify(issue.input).slice(0, 80)} is not a header name: a name holds letters, digits and !#$%&'*+-.^_\`|~ only`,
  });
  return z.record(name, headerText()).default({});
}
