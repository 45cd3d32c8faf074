import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSegment } from '../core/request-target.js';

/** web/dist, from src/http (tests) and dist/http (built) alike. */
export const DASHBOARD_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Trace contents are untrusted text: React renders them as text, and this policy means that even
 * if markup slipped into the page, no inline or foreign script would run.
 */
export const DASHBOARD_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
} as const;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Switchyard</title>
<p>The dashboard is not built. Run <code>npm run build:web</code> (npm ci does it) and reload.</p>`;

/**
 * Serves the prebuilt dashboard: hashed assets cached for a year, index.html never cached, and
 * index.html for any other GET path so deep links work. Files are read per request: the
 * dashboard is a handful of files, and an operator rebuilding it sees the change on reload.
 *
 * @example const serveDashboard = createDashboard(); if (req.method === 'GET') serveDashboard(req, res, path);
 */
export function createDashboard(root: string = DASHBOARD_ROOT) {
  return function serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
      res.end('the dashboard takes GET\n');
      return;
    }
    let file = path === '/' ? 'index.html' : decodeSegment(path).replace(/^\/+/, '');
    let resolved = normalize(join(root, file));
    if (!resolved.startsWith(root.endsWith(sep) ? root : root + sep) || !isFile(resolved)) {
      file = 'index.html';
      resolved = join(root, file);
    }
    let body: Buffer;
    try {
      body = readFileSync(resolved);
    } catch {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...DASHBOARD_HEADERS });
      res.end(NOT_BUILT);
      return;
    }
    const immutable = file.startsWith('assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...DASHBOARD_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
