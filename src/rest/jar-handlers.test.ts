import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { JobGraph } from '../graph/job-graph.js';
import { encodeJobGraphFile, type SubmittedJob } from '../runtime/client/job-graph-file.js';
import { ProgramError, type ProgramRequest } from '../runtime/job-loading/program-runner.js';
import type { JobInformation } from '../runtime/rpc/gateways.js';
import { createJobSubmission, type JobSubmission } from './job-submission.js';
import { type RestServer, startRestServer } from './rest-server.js';
import { createFakeGateway, SAMPLE_JOB_ID, sampleJob } from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema } from './testing/schema-check.js';

const NEW_JOB = 'abcdefabcdefabcdefabcdefabcdef01';
const MAX_CONTENT = 64 * 1024;

function graph(jobId: string): JobGraph {
  return {
    jobId,
    jobName: 'test job',
    vertices: [
      {
        id: 'bc764cd8ddf7a0cff126f51c16239658',
        name: 'Source: numbers',
        parallelism: 1,
        maxParallelism: 128,
        slotSharingGroup: 'default',
        chain: [],
      },
    ],
    edges: [],
    config: {},
    fingerprint: 'f'.repeat(64),
  };
}

function submitted(jobId: string): SubmittedJob {
  return {
    jobGraph: graph(jobId),
    jobFile: 'job.ts',
    argv: ['a'],
    env: {},
    collections: [[1, [1, 2]]],
    executeIndex: 0,
  };
}

interface Answer {
  readonly status: number;
  readonly body: { errors?: string[]; [key: string]: unknown };
}

async function call(server: RestServer, method: string, path: string, body?: FormData | string): Promise<Answer> {
  const res = await fetch(server.url + path, { method, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

function form(files: Array<[field: string, name: string, content: string | Uint8Array]>, request?: string): FormData {
  const f = new FormData();
  if (request !== undefined) f.append('request', request);
  for (const [field, name, content] of files) f.append(field, new Blob([content]), name);
  return f;
}

function checked(answer: Answer, specPath: string): void {
  const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath] as string];
  assert.ok(schema !== undefined, specPath);
  assert.deepEqual(checkSchema(answer.body, schema, FLINK_REST_SCHEMAS), []);
}

function errorOf(answer: Answer, status: number): string {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.ok(Array.isArray(answer.body.errors), JSON.stringify(answer.body));
  return (answer.body.errors as string[]).join('\n');
}

describe('job submission endpoints', () => {
  let dir: string;
  let server: RestServer;
  let submission: JobSubmission;
  const submittedJobs: JobInformation[] = [];
  const programs: ProgramRequest[] = [];
  let program: (request: ProgramRequest) => SubmittedJob = (r) => ({ ...submitted(r.jobId ?? NEW_JOB), argv: r.argv });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weir-jars-test-'));
    submission = createJobSubmission({
      uploadDir: dir,
      keepJars: false,
      maxContentLength: MAX_CONTENT,
      submitJob: async (info) => {
        submittedJobs.push(info);
      },
      buildProgram: async (request) => {
        programs.push(request);
        return {
          job: program(request),
          plan: { jid: request.jobId ?? NEW_JOB, name: 'test job', type: 'STREAMING', nodes: [] },
        };
      },
    });
    const gateway = createFakeGateway({ jobs: [sampleJob()] });
    server = await startRestServer({ port: 0, gateway, submission });
  });
  after(async () => {
    await server.close();
    await submission.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    submittedJobs.length = 0;
    programs.length = 0;
  });
  // Every request's uploads are gone once it was answered, whatever the answer.
  afterEach(() => {
    const incoming = join(dir, 'incoming');
    assert.deepEqual(existsSync(incoming) ? readdirSync(incoming) : [], []);
  });

  async function upload(name: string, content = 'export {};\n'): Promise<Answer> {
    return call(server, 'POST', '/jars/upload', form([['jarfile', name, content]]));
  }

  describe('/jars', () => {
    it('uploads a module, lists it, plans and runs it, and deletes it', async () => {
      const up = await upload('job.mjs');
      assert.equal(up.status, 200, JSON.stringify(up.body));
      checked(up, 'POST /jars/upload');
      const id = (up.body.filename as string).split('/').pop() as string;
      assert.match(id, /^[0-9a-f-]{36}\.mjs$/);
      const list = await call(server, 'GET', '/jars');
      checked(list, '/jars');
      assert.equal(list.body.address, server.url);
      const files = list.body.files as Array<{ id: string; name: string }>;
      assert.deepEqual(
        files.map((f) => [f.id, f.name]),
        [[id, 'job.mjs']],
      );

      const plan = await call(server, 'GET', `/jars/${id}/plan?parallelism=3`);
      assert.equal(plan.status, 200);
      checked(plan, '/jars/{jarid}/plan');
      assert.equal(programs[0]?.config['parallelism.default'], '3');

      const run = await call(
        server,
        'POST',
        `/jars/${id}/run`,
        JSON.stringify({
          programArgsList: ['--n', '4'],
          parallelism: 2,
          savepointPath: '/sp',
          allowNonRestoredState: true,
        }),
      );
      assert.equal(run.status, 200, JSON.stringify(run.body));
      checked(run, 'POST /jars/{jarid}/run');
      assert.equal(run.body.jobid, NEW_JOB);
      const request = programs[1] as ProgramRequest;
      assert.deepEqual(request.argv, ['--n', '4']);
      assert.equal(request.jobFile, 'job.mjs');
      assert.deepEqual(request.config, {
        'parallelism.default': '2',
        'execution.savepoint.path': '/sp',
        'execution.savepoint.ignore-unclaimed-state': 'true',
      });
      // The job runs from its own copy of the module, under a generated name.
      const info = submittedJobs[0] as JobInformation;
      assert.equal(info.artifactUrl, request.artifactUrl);
      assert.match(fileURLToPath(info.artifactUrl), /\/jobs\/[0-9a-f-]{36}\.mjs$/);
      assert.equal(readFileSync(fileURLToPath(info.artifactUrl), 'utf8'), 'export {};\n');

      const del = await call(server, 'DELETE', `/jars/${id}`);
      assert.equal(del.status, 200);
      assert.deepEqual((await call(server, 'GET', '/jars')).body.files, []);
      assert.match(errorOf(await call(server, 'DELETE', `/jars/${id}`), 400), /does not exist/);
      // Deleting the jar leaves the running job's copy alone.
      assert.ok(existsSync(fileURLToPath(info.artifactUrl)));
    });

    it('takes program arguments from programArgs or the programArg query parameter', async () => {
      const id = ((await upload('args.js')).body.filename as string).split('/').pop() as string;
      await call(server, 'POST', `/jars/${id}/run`, JSON.stringify({ programArgs: `a 'b c' "d"` }));
      await call(server, 'POST', `/jars/${id}/run?programArg=x,y&parallelism=5`);
      assert.deepEqual(
        programs.map((p) => p.argv),
        [
          ['a', 'b c', 'd'],
          ['x', 'y'],
        ],
      );
      assert.equal(programs[1]?.config['parallelism.default'], '5');
      const both = await call(
        server,
        'POST',
        `/jars/${id}/run`,
        JSON.stringify({ programArgs: 'a', programArgsList: ['b'] }),
      );
      assert.match(errorOf(both, 400), /programArgsList or programArgs, not both/);
    });

    it('refuses path-traversal and control-character file names, storing nothing', async () => {
      const before = (await call(server, 'GET', '/jars')).body.files;
      for (const name of ['../../etc/passwd', '..\\x.mjs', '/tmp/x.mjs', 'a\u0001.mjs']) {
        assert.match(errorOf(await upload(name), 400), /is not a plain file name/);
      }
      assert.deepEqual((await call(server, 'GET', '/jars')).body.files, before);
    });

    it('refuses anything but exactly one .js/.mjs file, and bodies that are not multipart', async () => {
      assert.match(errorOf(await upload('job.jar'), 400), /Only \.js and \.mjs job modules are allowed/);
      const two = form([
        ['jarfile', 'a.mjs', 'x'],
        ['jarfile', 'b.mjs', 'y'],
      ]);
      assert.match(
        errorOf(await call(server, 'POST', '/jars/upload', two), 400),
        /Exactly 1 file must be sent, received 2/,
      );
      assert.match(errorOf(await call(server, 'POST', '/jars/upload', form([])), 400), /received 0|no parts/);
      const json = await call(server, 'POST', '/jars/upload', JSON.stringify({ jarfile: 'x' }));
      assert.match(errorOf(json, 400), /must be multipart\/form-data/);
    });

    it('answers 413 for an upload above rest.server.max-content-length, and keeps serving', async () => {
      const before = (await call(server, 'GET', '/jars')).body.files;
      const big = await upload('big.mjs', 'x'.repeat(MAX_CONTENT + 1));
      assert.match(errorOf(big, 413), /rest\.server\.max-content-length \(65536 bytes\)/);
      // Streamed without a length: refused as it crosses the limit.
      const streamed = await streamedUpload(server, MAX_CONTENT * 3);
      assert.equal(streamed.status, 413);
      assert.equal((await call(server, 'GET', '/overview')).status, 200);
      assert.deepEqual((await call(server, 'GET', '/jars')).body.files, before);
    });

    it('refuses a declared oversized body before it is sent (Expect: 100-continue)', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1');
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => {
          data += chunk;
          if (data.endsWith('}')) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on('error', reject);
        socket.write(
          'POST /jars/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
            `Content-Length: ${100 * MAX_CONTENT}\r\nExpect: 100-continue\r\n\r\n`,
        );
      });
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.doesNotMatch(answer, /100 Continue/);
      assert.match(answer, /Connection: close/i);
    });

    it('forgets an upload whose client went away half-way', async () => {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /jars/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
          'Content-Length: 50000\r\n\r\n--b\r\nContent-Disposition: form-data; name="jarfile"; filename="a.mjs"\r\n\r\n' +
          'x'.repeat(20_000),
      );
      const incoming = join(dir, 'incoming');
      // The server has the request's directory while the upload runs, and removes it once the client is gone.
      for (let i = 0; i < 200 && (!existsSync(incoming) || readdirSync(incoming).length === 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(readdirSync(incoming).length, 1);
      socket.destroy();
      for (let i = 0; i < 200 && readdirSync(incoming).length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(readdirSync(incoming), []);
      assert.equal((await call(server, 'GET', '/overview')).status, 200);
    });

    it('refuses a truncated multipart body', async () => {
      const body = '--b\r\nContent-Disposition: form-data; name="jarfile"; filename="a.mjs"\r\n\r\nexport {}';
      const res = await fetch(`${server.url}/jars/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
        body,
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { errors: string[] }).errors[0] as string, /truncated/);
    });

    it('checks jar ids before touching any file', async () => {
      for (const id of ['..%2F..%2Fetc%2Fpasswd', 'x.mjs', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.mjs%00']) {
        assert.match(
          errorOf(await call(server, 'POST', `/jars/${id}/run`), 400),
          /Cannot resolve path parameter \(jarid\)/,
        );
        assert.match(
          errorOf(await call(server, 'DELETE', `/jars/${id}`), 400),
          /Cannot resolve path parameter \(jarid\)/,
        );
      }
      const unknown = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.mjs';
      assert.match(
        errorOf(await call(server, 'POST', `/jars/${unknown}/run`), 400),
        new RegExp(`Jar file ${unknown} does not exist`),
      );
      assert.equal(programs.length, 0);
    });

    it('refuses bad run requests with 400 naming the field', async () => {
      const id = ((await upload('job.mjs')).body.filename as string).split('/').pop() as string;
      const cases: Array<[string, RegExp]> = [
        ['{not json', /not valid JSON/],
        ['[1]', /must be a JSON object/],
        ['{"parallelism": 0}', /parallelism must be a positive whole number/],
        ['{"parallelism": "2"}', /parallelism must be a positive whole number/],
        ['{"jobId": "xyz"}', /jobId must be 32 lowercase hexadecimal/],
        ['{"programArgsList": [1]}', /programArgsList must be an array of strings/],
        ['{"flinkConfiguration": {"a": 1}}', /flinkConfiguration.a must be a string/],
        ['{"claimMode": "MAYBE"}', /claimMode must be one of CLAIM, NO_CLAIM, LEGACY/],
      ];
      for (const [body, pattern] of cases)
        assert.match(errorOf(await call(server, 'POST', `/jars/${id}/run`, body), 400), pattern);
      assert.match(
        errorOf(await call(server, 'POST', `/jars/${id}/run`, JSON.stringify({ jobId: SAMPLE_JOB_ID })), 409),
        /already been submitted/,
      );
      assert.equal(programs.length, 0);
    });

    it('answers 400 "Could not execute application." when the module fails or never executes', async () => {
      const id = ((await upload('broken.mjs')).body.filename as string).split('/').pop() as string;
      const jobsBefore = readdirSync(join(dir, 'jobs'));
      program = () => {
        throw new ProgramError('broken.mjs failed while building its job:\nError: boom', 'failed');
      };
      const answer = errorOf(await call(server, 'POST', `/jars/${id}/run`), 400);
      assert.match(answer, /Could not execute application\. broken\.mjs failed while building its job:\nError: boom/);
      assert.equal(submittedJobs.length, 0);
      // The job's copy of the module is removed with the failed run.
      assert.deepEqual(readdirSync(join(dir, 'jobs')), jobsBefore);
      program = (r) => submitted(r.jobId ?? NEW_JOB);
    });
  });

  describe('POST /jobs', () => {
    const request = (graphName: string, jars: string[]) =>
      JSON.stringify({ jobGraphFileName: graphName, jobJarFileNames: jars, jobArtifactFileNames: [] });

    it('submits the posted JobGraph with its module and answers 202 with the job URL', async () => {
      const body = form(
        [
          ['file_0', 'job.jobgraph', encodeJobGraphFile(submitted(NEW_JOB))],
          ['file_1', 'bundle.mjs', 'export const x = 1;\n'],
        ],
        request('job.jobgraph', ['bundle.mjs']),
      );
      const answer = await call(server, 'POST', '/jobs', body);
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      checked(answer, 'POST /jobs');
      assert.deepEqual(answer.body, { jobUrl: `/jobs/${NEW_JOB}` });
      const info = submittedJobs[0] as JobInformation;
      assert.deepEqual(info.collections, [[1, [1, 2]]]);
      assert.equal(info.jobGraph.jobId, NEW_JOB);
      assert.equal(readFileSync(fileURLToPath(info.artifactUrl), 'utf8'), 'export const x = 1;\n');
    });

    it('refuses missing parts, missing files, bad JobGraph files and known job ids', async () => {
      const graphFile: [string, string, Uint8Array] = ['file_0', 'g', encodeJobGraphFile(submitted(NEW_JOB))];
      const module: [string, string, string] = ['file_1', 'm.mjs', 'export {};'];
      const cases: Array<[FormData, number, RegExp]> = [
        [form([graphFile, module]), 400, /no 'request' part/],
        [form([graphFile, module], '{oops'), 400, /'request' part is not valid JSON/],
        [form([graphFile, module], '{}'), 400, /has no jobGraphFileName/],
        [form([module], request('g', ['m.mjs'])), 400, /JobGraph file g could not be found on the server/],
        [form([graphFile], request('g', ['m.mjs'])), 400, /Jar file m\.mjs could not be found on the server/],
        [form([graphFile, module], request('g', [])), 400, /jobJarFileNames must name one \.mjs file, it names 0/],
        [
          form([['file_0', 'g', 'not a graph'], module], request('g', ['m.mjs'])),
          400,
          /Failed to deserialize JobGraph g: it is not a Weir JobGraph file/,
        ],
        [
          form([['file_0', 'g', encodeJobGraphFile(submitted(SAMPLE_JOB_ID))], module], request('g', ['m.mjs'])),
          409,
          /already been submitted/,
        ],
        [form([['file_0', '../g', 'x'], module], request('../g', ['m.mjs'])), 400, /is not a plain file name/],
      ];
      for (const [body, status, pattern] of cases)
        assert.match(errorOf(await call(server, 'POST', '/jobs', body), status), pattern);
      assert.equal(submittedJobs.length, 0);
    });
  });
});

describe('a REST endpoint without job submission', () => {
  it('answers the submission endpoints with 404 saying why', async () => {
    const server = await startRestServer({ port: 0, gateway: createFakeGateway() });
    try {
      for (const [method, path] of [
        ['GET', '/jars'],
        ['POST', '/jars/upload'],
        ['POST', '/jobs'],
      ] as const) {
        // Even with a multipart body: the answer is the 404, not a complaint about the body.
        const body = method === 'POST' ? form([['jarfile', 'a.mjs', 'x']]) : undefined;
        const res = await fetch(server.url + path, { method, body });
        assert.equal(res.status, 404);
        assert.match(((await res.json()) as { errors: string[] }).errors[0] as string, /takes no job submissions/);
      }
    } finally {
      await server.close();
    }
  });
});

/**
 * Sends an upload with chunked transfer encoding (no Content-Length) and reads the status the server answers. The
 * socket is not half-closed (as real clients do not), so the server's answer is not cut off.
 */
function streamedUpload(server: RestServer, bytes: number): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (status !== null && data.endsWith('}')) {
        socket.destroy();
        resolve({ status: Number(status[1]) });
      }
    });
    socket.on('error', () => {}); // the server may close while we still write
    socket.on('close', () => reject(new Error(`no answer: ${data}`)));
    const head = `--b\r\nContent-Disposition: form-data; name="jarfile"; filename="big.mjs"\r\n\r\n${'x'.repeat(bytes)}`;
    const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
    socket.write(
      'POST /jars/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n',
    );
    for (let i = 0; i < head.length; i += 16384) socket.write(chunk(head.slice(i, i + 16384)));
    socket.write('0\r\n\r\n');
  });
}
