// A small router for Flink-style paths ("/jobs/:jobid/plan"): literal segments beat parameters, so /jobs/overview
// wins over /jobs/:jobid; a path known under another method is a 405, not a 404.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteMatch<H> =
  | { readonly kind: 'found'; readonly handler: H; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

interface Route<H> {
  readonly method: HttpMethod;
  readonly pattern: string;
  /** A literal segment, or a parameter name prefixed with ':'. */
  readonly segments: readonly string[];
  readonly handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: HttpMethod, pattern: string, handler: H): this {
    const segments = pattern.split('/').filter((s) => s !== '');
    for (const s of segments) {
      if (s === ':') throw new Error(`Route '${pattern}': a parameter needs a name after ':'`);
    }
    const normalized = `/${segments.join('/')}`;
    if (this.routes.some((r) => r.method === method && r.pattern === normalized)) {
      throw new Error(`Route ${method} ${pattern} is registered twice`);
    }
    this.routes.push({ method, pattern: normalized, segments, handler });
    return this;
  }

  /** Matches already split and decoded path segments (see splitPath). Pure; no allocation beyond the result. */
  match(method: string, segments: readonly string[]): RouteMatch<H> {
    let best: Route<H> | undefined;
    let bestAnyMethod: Route<H> | undefined;
    for (const route of this.routes) {
      if (!matches(route, segments)) continue;
      if (bestAnyMethod === undefined || moreSpecific(route, bestAnyMethod)) bestAnyMethod = route;
      if (route.method === method && (best === undefined || moreSpecific(route, best))) best = route;
    }
    if (best !== undefined) return { kind: 'found', handler: best.handler, params: paramsOf(best, segments) };
    if (bestAnyMethod === undefined) return { kind: 'not-found' };
    const pattern = bestAnyMethod.pattern;
    const allowed = this.routes.filter((r) => r.pattern === pattern).map((r) => r.method);
    return { kind: 'method-not-allowed', allowed };
  }
}

function matches<H>(route: Route<H>, segments: readonly string[]): boolean {
  if (route.segments.length !== segments.length) return false;
  for (let i = 0; i < segments.length; i++) {
    const s = route.segments[i];
    if (!s.startsWith(':') && s !== segments[i]) return false;
  }
  return true;
}

/** The first position where one route has a literal and the other a parameter decides. */
function moreSpecific<H>(a: Route<H>, b: Route<H>): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aParam = a.segments[i].startsWith(':');
    const bParam = b.segments[i].startsWith(':');
    if (aParam !== bParam) return bParam;
  }
  return false;
}

function paramsOf<H>(route: Route<H>, segments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = route.segments[i];
    if (s.startsWith(':')) params[s.slice(1)] = segments[i];
  }
  return params;
}

/** The request target split into decoded path segments and the query, or undefined when it cannot be decoded. */
export interface ParsedTarget {
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

/**
 * Splits a request target ("/v1/jobs/abc?x=1", or absolute form "http://host/jobs") into segments. Empty segments
 * are dropped (so a trailing slash is ignored, as in Flink's router) and a leading "v1" is removed (Flink serves
 * every path under /v1 too). Dot segments are kept literally: nothing here maps paths to files.
 */
export function splitPath(target: string): ParsedTarget | undefined {
  let rest = target;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (scheme !== null) rest = rest.slice(scheme[0].length);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query = new URLSearchParams(q >= 0 ? rest.slice(q + 1) : '');
  const segments: string[] = [];
  try {
    for (const raw of path.split('/')) {
      if (raw !== '') segments.push(decodeURIComponent(raw));
    }
  } catch {
    return undefined;
  }
  if (segments[0] === 'v1') segments.shift();
  return { segments, query };
}
