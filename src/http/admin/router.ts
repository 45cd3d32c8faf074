import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSegment } from '../../core/request-target.js';
import { NO_QUERY, type QuerySpec, type QueryValues, readQuery } from '../query-params.js';

export interface RouteContext<Q = Record<string, never>> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Decoded `:name` segments of the path pattern. */
  params: Record<string, string>;
  /** The query, read by the route's declared parameters (see {@link readQuery}). */
  query: Q;
}

export type RouteHandler<P, Q = Record<string, never>> = (ctx: RouteContext<Q>, principal: P) => Promise<void>;

interface Route<P> {
  method: string;
  pattern: RegExp;
  names: string[];
  query: QuerySpec;
  handler: RouteHandler<P, unknown>;
}

/** What a route declares beside its handler: the query parameters it takes (none when absent). */
export interface RouteOptions<S extends QuerySpec> {
  query: S;
}

/**
 * A small method + path router for the admin API: `/api/traces/:id` style patterns, one handler
 * per route, typed on who is calling (`P`, the authenticated principal). Each route declares the
 * query parameters it takes; any other, a repeated one or a bad value is a 400 naming it before
 * the handler runs, which gets the values read (`query`).
 *
 * @example
 * const router = new Router<Admin>().get('/api/traces', { query: { limit: param.int(1, 500) } }, async ({ query, res }) => sendJson(res, 200, query));
 * await router.dispatch(req, res, url, admin); // false when no route matched
 */
export class Router<P> {
  private readonly routes: Route<P>[] = [];

  add<S extends QuerySpec>(method: string, path: string, options: RouteOptions<S>, handler: RouteHandler<P, QueryValues<S>>): this {
    const names: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, query: options.query, handler: handler as RouteHandler<P, unknown> });
    return this;
  }

  get(path: string, handler: RouteHandler<P>): this;
  get<S extends QuerySpec>(path: string, options: RouteOptions<S>, handler: RouteHandler<P, QueryValues<S>>): this;
  get<S extends QuerySpec>(path: string, a: RouteOptions<S> | RouteHandler<P>, b?: RouteHandler<P, QueryValues<S>>): this {
    return this.register('GET', path, a, b);
  }

  post(path: string, handler: RouteHandler<P>): this;
  post<S extends QuerySpec>(path: string, options: RouteOptions<S>, handler: RouteHandler<P, QueryValues<S>>): this;
  post<S extends QuerySpec>(path: string, a: RouteOptions<S> | RouteHandler<P>, b?: RouteHandler<P, QueryValues<S>>): this {
    return this.register('POST', path, a, b);
  }

  put(path: string, handler: RouteHandler<P>): this {
    return this.add('PUT', path, { query: NO_QUERY }, handler as RouteHandler<P, unknown>);
  }

  patch(path: string, handler: RouteHandler<P>): this {
    return this.add('PATCH', path, { query: NO_QUERY }, handler as RouteHandler<P, unknown>);
  }

  delete(path: string, handler: RouteHandler<P>): this;
  delete<S extends QuerySpec>(path: string, options: RouteOptions<S>, handler: RouteHandler<P, QueryValues<S>>): this;
  delete<S extends QuerySpec>(path: string, a: RouteOptions<S> | RouteHandler<P>, b?: RouteHandler<P, QueryValues<S>>): this {
    return this.register('DELETE', path, a, b);
  }

  private register<S extends QuerySpec>(method: string, path: string, a: RouteOptions<S> | RouteHandler<P>, b?: RouteHandler<P, QueryValues<S>>): this {
    if (typeof a === 'function') return this.add(method, path, { query: NO_QUERY }, a as RouteHandler<P, unknown>);
    return this.add(method, path, a, b as RouteHandler<P, QueryValues<S>>);
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
      const query = readQuery(url.searchParams, route.query);
      await route.handler({ req, res, url, params, query }, principal);
      return true;
    }
    return false;
  }
}
