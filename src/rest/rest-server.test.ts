import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type RestServer, startRestServer } from './rest-server.js';
import { createFakeGateway, SAMPLE_JOB_ID, sampleJob } from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema } from './testing/schema-check.js';

const UNKNOWN_JOB = 'ffffffffffffffffffffffffffffffff';
const FAILED_JOB = '0123456789abcdef0123456789abcdef';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

async function get(server: RestServer, path: string, method = 'GET'): Promise<Answer> {
  const res = await fetch(server.url + path, { method });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Sends bytes as they are (fetch would normalise or refuse them) and reads the whole answer. */
function raw(server: RestServer, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(request);
  });
}

function errorsOf(answer: { body: unknown }): string[] {
  const body = answer.body as { errors?: unknown };
  assert.ok(Array.isArray(body.errors), `expected {"errors": [...]}, got ${JSON.stringify(answer.body)}`);
  return body.errors as string[];
}

describe('REST endpoint', () => {
  let server: RestServer;
  const failed = sampleJob({
    jobId: FAILED_JOB,
    state: 'FAILED',
    endTime: 8000,
    failure: {
      name: 'Error',
      message: 'boom',
      stack: 'Error: boom\n    at job.ts:1:1',
      timestamp: 7000,
      taskName: 'Map (1/2)#0',
    },
  });

  before(async () => {
    const gateway = createFakeGateway({
      jobs: [sampleJob(), failed],
      async: true,
      config: { 'web.refresh-interval': '5 s' },
    });
    server = await startRestServer({ port: 0, gateway, clock: () => 10_000 });
  });
  after(() => server.close());

  describe("answers with Flink's JSON shapes (checked against rest_v1_dispatcher.yml)", () => {
    const table: [string, string][] = [
      ['/config', '/config'],
      ['/overview', '/overview'],
      ['/jobs', '/jobs'],
      ['/jobs/overview', '/jobs/overview'],
      [`/jobs/${SAMPLE_JOB_ID}`, '/jobs/{jobid}'],
      [`/jobs/${SAMPLE_JOB_ID}/plan`, '/jobs/{jobid}/plan'],
      [`/jobs/${FAILED_JOB}/exceptions`, '/jobs/{jobid}/exceptions'],
      [`/jobs/${SAMPLE_JOB_ID}/exceptions`, '/jobs/{jobid}/exceptions'],
    ];
    for (const [path, specPath] of table) {
      it(`GET ${path}`, async () => {
        const answer = await get(server, path);
        assert.equal(answer.status, 200);
        assert.equal(answer.headers.get('content-type'), 'application/json; charset=UTF-8');
        assert.equal(answer.headers.get('access-control-allow-origin'), '*');
        const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
        assert.deepEqual(checkSchema(answer.body, schema, FLINK_REST_SCHEMAS), []);
      });
    }
  });

  it('always sends the fields Flink always sends', async () => {
    const promised: [string, string[]][] = [
      [
        '/config',
        ['refresh-interval', 'timezone-name', 'timezone-offset', 'flink-version', 'flink-revision', 'features'],
      ],
      [
        '/overview',
        [
          'taskmanagers',
          'slots-total',
          'slots-available',
          'jobs-running',
          'jobs-finished',
          'jobs-cancelled',
          'jobs-failed',
          'flink-version',
          'flink-commit',
        ],
      ],
      [
        `/jobs/${SAMPLE_JOB_ID}`,
        [
          'jid',
          'name',
          'isStoppable',
          'state',
          'job-type',
          'start-time',
          'end-time',
          'duration',
          'maxParallelism',
          'now',
          'timestamps',
          'vertices',
          'status-counts',
          'plan',
        ],
      ],
    ];
    for (const [path, fields] of promised) {
      const body = (await get(server, path)).body as Record<string, unknown>;
      for (const field of fields) assert.ok(field in body, `${path} lacks ${field}`);
    }
    const config = (await get(server, '/config')).body as Record<string, unknown>;
    assert.equal(config['refresh-interval'], 5000);
    assert.deepEqual(config.features, {
      'web-submit': true,
      'web-cancel': true,
      'web-rescale': false,
      'web-history': false,
    });
    const overview = (await get(server, '/overview')).body as Record<string, unknown>;
    assert.deepEqual([overview['jobs-running'], overview['jobs-failed']], [1, 1]);
    const jobs = (await get(server, '/jobs')).body;
    assert.deepEqual(jobs, {
      jobs: [
        { id: SAMPLE_JOB_ID, status: 'RUNNING' },
        { id: FAILED_JOB, status: 'FAILED' },
      ],
    });
  });

  it('serves every path under /v1 too, ignores a trailing slash and accepts upper-case job ids', async () => {
    assert.equal((await get(server, '/v1/overview')).status, 200);
    assert.equal((await get(server, '/jobs/')).status, 200);
    const details = await get(server, `/jobs/${SAMPLE_JOB_ID.toUpperCase()}`);
    assert.equal((details.body as { jid: string }).jid, SAMPLE_JOB_ID);
  });

  describe('answers bad requests with 4xx and {"errors": [...]}', () => {
    const table: [string, string, number, RegExp][] = [
      ['GET', '/nope', 404, /^Not found: \/nope$/],
      ['GET', `/jobs/${UNKNOWN_JOB}`, 404, /^Job f{32} not found$/],
      ['GET', `/jobs/${UNKNOWN_JOB}/plan`, 404, /^Job f{32} not found$/],
      ['GET', `/jobs/${UNKNOWN_JOB}/exceptions`, 404, /^Job f{32} not found$/],
      [
        'GET',
        '/jobs/xyz',
        400,
        /Cannot resolve path parameter \(jobid\) from value "xyz"\. A job id is 32 hexadecimal/,
      ],
      ['GET', `/jobs/${'a'.repeat(31)}`, 400, /Cannot resolve path parameter \(jobid\)/],
      ['GET', `/jobs/${'a'.repeat(33)}/plan`, 400, /Cannot resolve path parameter \(jobid\)/],
      ['GET', '/jobs/%E2%9C%93%E2%9C%93', 400, /from value "✓✓"/],
      ['GET', '/jobs/%zz', 400, /not valid percent-encoding/],
      ['GET', '/../../etc/passwd', 404, /^Not found: /],
      ['GET', `/jobs/${SAMPLE_JOB_ID}/exceptions?maxExceptions=abc`, 400, /query parameter \(maxExceptions\)/],
      ['GET', `/jobs/${SAMPLE_JOB_ID}/exceptions?failureLabelFilter=nocolon`, 400, /failureLabelFilter/],
      ['POST', '/overview', 405, /^Method POST is not allowed for \/overview; use GET\.$/],
      ['DELETE', `/jobs/${SAMPLE_JOB_ID}`, 405, /use GET, PATCH\.$/],
      ['PUT', '/nope', 404, /^Not found/],
    ];
    for (const [method, path, status, message] of table) {
      it(`${method} ${path} → ${status}`, async () => {
        const answer = await get(server, path, method);
        assert.equal(answer.status, status);
        assert.equal(answer.headers.get('content-type'), 'application/json; charset=UTF-8');
        const errors = errorsOf(answer);
        assert.equal(errors.length, 1);
        assert.match(errors[0], message);
        if (status === 405) assert.equal(answer.headers.get('allow'), method === 'DELETE' ? 'GET, PATCH' : 'GET');
      });
    }
  });

  it('survives garbage, unicode and huge request lines, and keeps serving', async () => {
    const garbage = await raw(server, 'GARBAGE\r\n\r\n');
    assert.equal(garbage.status, 400);
    assert.match(errorsOf({ body: JSON.parse(garbage.body) })[0], /^Bad request: the request could not be parsed/);
    const unicode = await raw(server, 'GET /jobs/\u00e9\u2713 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.ok(unicode.status === 400 || unicode.status === 404, `status ${unicode.status}`);
    errorsOf({ body: JSON.parse(unicode.body) });
    const dots = await raw(server, 'GET /jobs/.. HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(dots.status, 400, 'dot segments are taken literally, never resolved');
    assert.match(errorsOf({ body: JSON.parse(dots.body) })[0], /from value "\.\."/);
    const huge = await raw(server, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(huge.status, 431);
    const long = await get(server, `/${'b'.repeat(8000)}`);
    assert.equal(long.status, 404);
    assert.ok(errorsOf(long)[0].length < 400, 'a long URL is not echoed in full');
    assert.equal((await get(server, '/overview')).status, 200);
  });

  it('never answers anything but JSON with 200 or a 4xx error to random request targets', async () => {
    const segment = fc.oneof(
      fc.constantFrom('jobs', 'overview', 'plan', 'exceptions', 'v1', '..', '.', '%', '%2F', '?', '#', SAMPLE_JOB_ID),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 5 }), async (segments) => {
        const target = `/${segments.join('/')}`.replace(/[\r\n ]/g, '_');
        const answer = await raw(server, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.ok([200, 400, 404, 405].includes(answer.status), `${target} → ${answer.status}`);
        const body = JSON.parse(answer.body) as unknown;
        if (answer.status !== 200) errorsOf({ body });
      }),
      { numRuns: 150 },
    );
    assert.equal((await get(server, '/overview')).status, 200);
  });
});

describe('REST endpoint errors and lifecycle', () => {
  it('answers 500 with Flink\'s "Internal server error." when the gateway fails', async () => {
    const server = await startRestServer({
      port: 0,
      gateway: createFakeGateway({ failWith: new Error('rpc timeout') }),
    });
    try {
      const answer = await get(server, '/jobs');
      assert.equal(answer.status, 500);
      const errors = errorsOf(answer);
      assert.equal(errors[0], 'Internal server error.');
      assert.match(errors[1], /^<Exception on server side:\nError: rpc timeout/);
    } finally {
      await server.close();
    }
  });

  it('closes with keep-alive connections open, and explains a port that is taken', async () => {
    const server = await startRestServer({ port: 0, gateway: createFakeGateway() });
    await fetch(`${server.url}/overview`, { headers: { connection: 'keep-alive' } }).then((r) => r.json());
    await assert.rejects(
      startRestServer({ port: server.port, gateway: createFakeGateway() }),
      /could not bind to 127\.0\.0\.1:\d+: the port is in use\. Set rest\.port to a free port, or 0\./,
    );
    await server.close();
    await assert.rejects(fetch(`${server.url}/overview`));
    await assert.rejects(
      startRestServer({ port: 70000, gateway: createFakeGateway() }),
      /rest\.port must be an integer/,
    );
  });
});
