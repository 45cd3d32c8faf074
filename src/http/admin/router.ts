import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSegment } from '../../core/request-target.js';
import { SwitchyardError } from '../../core/errors.js';
import { quoteClipped } from '../../core/clip.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Decoded `:name` segments of the path pattern. */
  params: Record<string, string>;
}

export type RouteHandler<P> = (ctx: RouteContext, principal: P) => Promise<void>;

interface Route<P> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler<P>;
}

/**
 * A small method + path router for the admin API: `/api/traces/:id` style patterns, one handler
 * per route, typed on who is calling (`P`, the authenticated principal).
 *
 * @example
 * const router = new Router<Admin>().get('/api/traces/:id', async ({ params, res }) => sendJson(res, 200, params));
 * await router.dispatch(req, res, url, admin); // false when no route matched
 */
export class Router<P> {
  private readonly routes: Route<P>[] = [];

  add(method: string, path: string, handler: RouteHandler<P>): this {
    const names: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  get(path: string, handler: RouteHandler<P>): this {
    return this.add('GET', path, handler);
  }

  post(path: string, handler: RouteHandler<P>): this {
    return this.add('POST', path, handler);
  }

  put(path: string, handler: RouteHandler<P>): this {
    return this.add('PUT', path, handler);
  }

  delete(path: string, handler: RouteHandler<P>): this {
    return this.add('DELETE', path, handler);
  }

  /** Methods some route allows on this path (for a 405 that says which). */
  methodsFor(path: string): string[] {
    return this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
  }

  async dispatch(req: IncomingMessage, res: ServerResponse, url: URL, principal: P): Promise<boolean> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeSegment(match[i + 1] as string);
      });
      refuseListParams(url.searchParams);
      await route.handler({ req, res, url, params }, principal);
      return true;
    }
    return false;
  }
}

/**
 * Every admin parameter takes one value, read with `get`: a repeated one (`status=ok&status=error`)
 * was answered for its first value alone, and a list in the form `status[]=ok` (qs, PHP, axios)
 * was not read at all, so the answer covered every trace. Both are a 400 naming the parameter.
 *
 * @example refuseListParams(new URLSearchParams('limit=5&limit=50')) // throws: limit is given 2 times ("5", "50"); …
 */
export function refuseListParams(params: URLSearchParams): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (name.includes('[')) {
      const plain = name.slice(0, name.indexOf('['));
      throw new SwitchyardError('invalid_request', `${quoteClipped(name)} is not a parameter: each takes one value, as ${plain ? quoteClipped(`${plain}=…`) : 'name=value'} (lists in the form a[]=… are not read)`, { param: name.slice(0, 100) });
    }
    if (seen.has(name)) {
      const values = params.getAll(name);
      const shown = values.slice(0, 3).map((value) => quoteClipped(value, 40)).join(', ') + (values.length > 3 ? ', …' : '');
      throw new SwitchyardError('invalid_request', `${quoteClipped(name)} is given ${values.length} times (${shown}); give it once: only one value is read`, { param: name.slice(0, 100) });
    }
    seen.add(name);
  }
}
