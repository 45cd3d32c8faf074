import { formatPath } from './format-issues.js';

interface Level {
  /** The keys an object has had so far; undefined for an array. */
  keys: Set<string> | undefined;
  /** The object's key last read, or the array's index. */
  at: string | number;
  /** This level's place in the one around it. */
  place: string | number | undefined;
}

const SPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The first key that an object of valid JSON text gives twice, with its path and the value
 * `JSON.parse` keeps (the last), or undefined. `JSON.parse` keeps the last silently, which for a
 * request that deletes data decides whose. One pass over the text, its own stack (no recursion).
 *
 * @example firstDuplicateKey('{"user":"a","user":"b"}') // { path: 'user', key: 'user', keys: ['user'] }
 */
export function firstDuplicateKey(text: string): { path: string; key: string; keys: (string | number)[] } | undefined {
  const stack: Level[] = [];
  const placeInTop = (): string | number | undefined => stack[stack.length - 1]?.at;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"' && end < text.length) end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      let next = end + 1;
      while (SPACE.has(text[next] as string)) next++;
      if (top?.keys && text[next] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const keys = [...stack.slice(1).map((level) => level.place as string | number), key];
          return { path: formatPath(keys), key, keys };
        }
        top.keys.add(key);
        top.at = key;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : undefined, at: c === '{' ? '' : 0, place: placeInTop() });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}
