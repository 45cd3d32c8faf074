import { readFileSync } from 'node:fs';
import { parseDocument, Lexer, Parser, LineCounter } from 'yaml';
const text = readFileSync(process.argv[2], 'utf8');
const time = (name, f) => { const ts = []; for (let i = 0; i < 5; i++) { const t = performance.now(); f(); ts.push(performance.now() - t); } console.log(name, ts.map(Math.round).join(' ')); };
time('lex', () => { let n = 0; for (const _ of new Lexer().lex(text)) n++; });
time('parse(cst)', () => { let n = 0; for (const _ of new Parser().parse(text)) n++; });
time('parseDocument', () => parseDocument(text, { uniqueKeys: false }));
time('parseDocument+lc', () => parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: new LineCounter() }));
time('JSON', () => JSON.parse(JSON.stringify({ a: text })));
