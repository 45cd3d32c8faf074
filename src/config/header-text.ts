import { z } from 'zod';

/** A character HTTP cannot carry in a header value where it stands, named for the message. */
function unsendable(value: string): string | undefined {
  const name = (c: string) => (c === ' ' ? 'a space' : c === '\t' ? 'a tab' : c === '\n' ? 'a line break (\\n)' : c === '\r' ? 'a carriage return (\\r)' : `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  if (/^\s/.test(value)) return `starts with ${name(value[0]!)}`;
  if (/\s$/.test(value)) return `ends with ${name(value.at(-1)!)}`;
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  const control = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(value);
  return control ? `holds ${name(control[0])} at character ${control.index + 1}` : undefined;
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
    const problem = unsendable(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: HTTP headers cannot carry it; remove it from the file or the environment variable it comes from` });
  });
}
