import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TlsOptions, Server as TlsServer } from 'node:tls';
import { guardTlsServer, tlsServerOptions } from '../runtime/rpc/tls-server-guard.js';
import { type MultipartRequest, receiveMultipart, tooLarge } from './file-upload.js';
import { type JobSubmission, takesFiles } from './job-submission.js';
import { MultipartError } from './multipart-parser.js';
import { RestError, truncateForMessage } from './rest-error.js';
import type { RestGateway } from './rest-gateway.js';
import { createRestRouter, type RestHandler, RestReply } from './rest-handlers.js';
import { type Router, splitPath } from './router.js';
import { SavepointOperations } from './savepoint-operations.js';

export interface RestServerOptions {
  /** rest.port; 0 picks any free port. Flink's default is 8081. */
  readonly port?: number;
  /** rest.bind-address; loopback unless told otherwise. */
  readonly address?: string;
  readonly gateway: RestGateway;
  /** web.access-control-allow-origin; Flink's default is "*". */
  readonly accessControlAllowOrigin?: string;
  /** Wall clock for "now" and durations; injectable for tests. */
  readonly clock?: () => number;
  /**
   * How long close() waits for clients to read savepoint results not read yet (a job stopped with a savepoint ends
   * its MiniCluster right after the savepoint); default 5000 ms.
   */
  readonly closeGraceMs?: number;
  /** Serve https with these options (tlsOptions(config, 'rest').server); plain http when undefined. */
  readonly tls?: TlsOptions;
  /** Job submission (POST /jobs, /jars): the JobManager gives it; absent, those endpoints answer 404. */
  readonly submission?: JobSubmission;
}

export interface RestServer {
  /** "http://address:port" ("https://" with TLS), no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const DEFAULT_CLOSE_GRACE_MS = 5000;
/** JSON bodies are small objects; uploads are held to rest.server.max-content-length instead (Flink: 100 MiB). */
const MAX_BODY_BYTES = 1 << 20;
const DEFAULT_MAX_CONTENT_LENGTH = 104_857_600;

interface ServeEnv {
  readonly router: Router<RestHandler>;
  readonly gateway: RestGateway;
  readonly clock: () => number;
  readonly headers: Readonly<Record<string, string>>;
  readonly operations: SavepointOperations;
  readonly submission: JobSubmission | undefined;
  readonly maxContentLength: number;
  /** Set once the server listens (JarListInfo.address). */
  url: string;
}

/**
 * Starts the REST endpoint (Flink's WebMonitorEndpoint, the part served so far) on node:http. Every answer is JSON
 * with Flink's shapes; errors are `{"errors": [...]}` with Flink's status codes, plus 405 for a known path under the
 * wrong method. No request, however malformed, throws out of the server.
 *
 * Thread: the JobManager's main thread; handlers call the gateway and never block.
 */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const port = options.port ?? 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`rest.port must be an integer between 0 and 65535, got ${port}`);
  }
  const address = options.address ?? '127.0.0.1';
  const router = createRestRouter();
  const headers = { 'Access-Control-Allow-Origin': options.accessControlAllowOrigin ?? '*' };
  const clock = options.clock ?? Date.now;
  const operations = new SavepointOperations();
  const env: ServeEnv = {
    router,
    gateway: options.gateway,
    clock,
    headers,
    operations,
    submission: options.submission,
    maxContentLength: options.submission?.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
    url: '',
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => serve(req, res, env);
  const tls = options.tls;
  const server: Server = tls === undefined ? createServer(handler) : createHttpsServer(tlsServerOptions(tls), handler);
  // A client failing the handshake or without a trusted certificate is refused and logged; the others are served.
  if (tls !== undefined) guardTlsServer(server as unknown as TlsServer, tls, 'REST');
  // `Expect: 100-continue` (curl sends it for large uploads): a body declared too large is refused before it is sent.
  server.on('checkContinue', (req, res) => {
    if (declaredLength(req) <= env.maxContentLength) res.writeContinue();
    serve(req, res, env);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => rejectMalformed(error, socket, headers));
  await listen(server, port, address);
  const bound = server.address();
  const actualPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  const host = address.includes(':') ? `[${address}]` : address;
  env.url = `${options.tls === undefined ? 'http' : 'https'}://${host}:${actualPort}`;
  return {
    url: env.url,
    port: actualPort,
    close: async () => {
      await operations.whenFetched(options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
      await closeServer(server);
    },
  };
}

function serve(req: IncomingMessage, res: ServerResponse, env: ServeEnv): void {
  respond(req, env).then(
    ({ status, body, extraHeaders }) => send(res, status, body, { ...env.headers, ...extraHeaders }),
    (error: unknown) => send(res, 500, internalError(error), env.headers),
  );
}

/** The Content-Length the client declared, 0 when it sent none (chunked bodies are counted as they come). */
function declaredLength(req: IncomingMessage): number {
  const raw = req.headers['content-length'];
  return raw === undefined || !/^\d+$/.test(raw) ? 0 : Number(raw);
}

/**
 * The request body as JSON: `{}` when empty (as Flink reads it), a 400 RestError when it is not JSON, a 413 when it
 * is larger than MAX_BODY_BYTES (the rest is drained so keep-alive connections stay usable).
 */
function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new RestError(413, `Request body too large: ${size} bytes; the limit is ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new RestError(400, `Bad request: the body is not valid JSON (${(error as Error).message}).`));
      }
    });
  });
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

async function respond(req: IncomingMessage, env: ServeEnv): Promise<Reply> {
  const target = req.url ?? '/';
  const parsed = splitPath(target);
  if (parsed === undefined) {
    return errorReply(400, `Bad request: the path of '${truncateForMessage(target)}' is not valid percent-encoding.`);
  }
  const match = env.router.match(req.method ?? 'GET', parsed.segments);
  switch (match.kind) {
    case 'not-found':
      return errorReply(404, `Not found: ${truncateForMessage(target)}`);
    case 'method-not-allowed':
      return {
        ...errorReply(
          405,
          `Method ${req.method} is not allowed for ${truncateForMessage(target)}; use ${match.allowed.join(', ')}.`,
        ),
        extraHeaders: { Allow: match.allowed.join(', ') },
      };
    case 'found':
      return handle(req, env, match.handler, match.params, parsed.query);
    default: {
      const never: never = match;
      throw new Error(`Unknown route match: ${JSON.stringify(never)}`);
    }
  }
}

/** Reads the body as the handler takes it (JSON, or a multipart upload to disk), calls it, removes the uploads. */
async function handle(
  req: IncomingMessage,
  env: ServeEnv,
  handler: RestHandler,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
): Promise<Reply> {
  const { gateway, clock, operations, submission } = env;
  let uploads: MultipartRequest | undefined;
  try {
    if (declaredLength(req) > env.maxContentLength) throw tooLarge(env.maxContentLength);
    let body: unknown = {};
    if (!takesFiles(handler)) body = await readBody(req);
    else if (submission !== undefined) {
      uploads = await receiveMultipart(req, { dir: submission.incomingDir, maxContentLength: env.maxContentLength });
    }
    const context = submission === undefined ? undefined : { submission, uploads, address: env.url };
    const reply = await handler({ params, query, gateway, now: clock(), body, operations, submission: context });
    return reply instanceof RestReply ? { status: reply.status, body: reply.body } : { status: 200, body: reply };
  } catch (error) {
    if (error instanceof RestError) return { ...errorReply(error.status, error.message), extraHeaders: error.headers };
    if (error instanceof MultipartError)
      return { ...errorReply(error.status, error.message), extraHeaders: closing(req, env) };
    return { status: 500, body: internalError(error) };
  } finally {
    await uploads?.cleanup();
  }
}

/**
 * A refused upload whose body was not read to its end: the connection closes after the answer rather than reading
 * the rest, unless a declared length is small enough to drain (so clients that send it all still read the answer).
 */
function closing(req: IncomingMessage, env: ServeEnv): Readonly<Record<string, string>> {
  if (req.readableEnded) return {};
  const declared = declaredLength(req);
  return declared > 0 && declared <= 2 * env.maxContentLength ? {} : { Connection: 'close' };
}

function errorReply(status: number, message: string): Reply {
  return { status, body: { errors: [message] } };
}

/** As Flink: "Internal server error." and the server-side exception. */
function internalError(error: unknown): { errors: string[] } {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    errors: ['Internal server error.', `<Exception on server side:\n${detail}\nEnd of exception on server side>`],
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>>): void {
  if (res.headersSent || res.destroyed) return;
  let payload: string;
  try {
    payload = JSON.stringify(body);
  } catch (error) {
    status = 500;
    payload = JSON.stringify(internalError(error));
  }
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** Requests node:http cannot parse (oversized headers, bad request lines) still get a JSON error, then close. */
function rejectMalformed(error: NodeJS.ErrnoException, socket: Socket, headers: Readonly<Record<string, string>>) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message =
    status === 431
      ? 'Request header fields too large: the request line and headers must stay under 16 KiB.'
      : `Bad request: the request could not be parsed (${error.code ?? 'malformed HTTP'}).`;
  const body = JSON.stringify({ errors: [message] });
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_TYPE}\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
      reject(
        new Error(
          `The REST endpoint could not bind to ${address}:${port}: ${why}. Set rest.port to a free port, or 0.`,
          {
            cause: error,
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, address, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** How long close() lets answers being written finish before it drops every connection. */
const CLOSE_IN_FLIGHT_MS = 1000;

/**
 * Stops accepting, closes idle connections at once, and drops the others after CLOSE_IN_FLIGHT_MS: a request being
 * answered while the endpoint closes (a cancel that ends the MiniCluster) still gets its answer.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), CLOSE_IN_FLIGHT_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
