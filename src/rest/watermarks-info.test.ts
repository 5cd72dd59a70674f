import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JAVA_LONG_MIN_STRING } from '../core/time.js';
import type { ArchivedJob, ArchivedSubtask } from '../runtime/jobmanager/job-details.js';
import type { SubtaskWatermarks } from '../runtime/jobmanager/watermark-details.js';
import { type RestServer, startRestServer } from './rest-server.js';
import {
  createFakeGateway,
  SAMPLE_JOB_ID,
  SAMPLE_SINK_ID,
  SAMPLE_SOURCE_ID,
  sampleJob,
} from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema } from './testing/schema-check.js';

const source = (wm: number, lagging: boolean): SubtaskWatermarks => ({
  inputWatermark: Number.NEGATIVE_INFINITY,
  outputWatermark: wm,
  operators: [{ input: Number.NEGATIVE_INFINITY, output: wm }],
  inputs: [],
  splits: {
    numSplits: 1,
    lowest: lagging ? [{ splitId: 'slow', watermark: wm }] : [],
    numLowest: 1,
    idle: [],
    numIdle: 0,
  },
});

const sink: SubtaskWatermarks = {
  inputWatermark: 2999,
  outputWatermark: 2999,
  operators: [{ input: 2999, output: 2999 }],
  inputs: [
    {
      inputIndex: 1,
      watermark: 2999,
      numChannels: 2,
      heldBackBy: [
        {
          inputIndex: 1,
          channel: 1,
          edgeId: 'e1',
          producerVertexId: SAMPLE_SOURCE_ID,
          producerVertexName: 'Source: bids -> Map',
          producerSubtask: 1,
          watermark: 2999,
        },
      ],
      numHeldBackBy: 1,
      idle: [],
      numIdle: 0,
    },
  ],
  splits: undefined,
};

function withWatermarks(job: ArchivedJob): ArchivedJob {
  const add = (subtasks: readonly ArchivedSubtask[], w: (i: number) => SubtaskWatermarks | undefined) =>
    subtasks.map((s) => ({ ...s, watermarks: w(s.index) }));
  const [src, snk] = job.vertices;
  return {
    ...job,
    vertices: [
      { ...src, subtasks: add(src.subtasks, (i) => source(i === 0 ? 9999 : 2999, i === 1)) },
      // Subtask 1 has not reported yet: Flink leaves it out of the list.
      { ...snk, subtasks: add(snk.subtasks, (i) => (i === 0 ? sink : undefined)) },
    ],
  };
}

describe('watermarks over REST', () => {
  let server: RestServer;
  before(async () => {
    server = await startRestServer({ port: 0, gateway: createFakeGateway({ jobs: [withWatermarks(sampleJob())] }) });
  });
  after(() => server.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it("GET /jobs/:jobid/vertices/:vertexid/watermarks answers in Flink's shape", async () => {
    const specPath = '/jobs/{jobid}/vertices/{vertexid}/watermarks';
    const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
    const sources = await get(`/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SOURCE_ID}/watermarks`);
    assert.equal(sources.status, 200);
    assert.deepEqual(checkSchema(sources.body, schema, FLINK_REST_SCHEMAS), []);
    assert.deepEqual(sources.body, [
      { id: '0.currentInputWatermark', value: JAVA_LONG_MIN_STRING },
      { id: '1.currentInputWatermark', value: JAVA_LONG_MIN_STRING },
    ]);
    const sinks = await get(`/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SINK_ID}/watermarks`);
    assert.deepEqual(checkSchema(sinks.body, schema, FLINK_REST_SCHEMAS), []);
    assert.deepEqual(sinks.body, [{ id: '0.currentInputWatermark', value: '2999' }]);
  });

  it('GET /jobs/:jobid/watermarks names the lagging split and the upstream subtask that hold watermarks back', async () => {
    const { status, body } = await get(`/jobs/${SAMPLE_JOB_ID}/watermarks`);
    assert.equal(status, 200);
    const { vertices } = body as { vertices: Record<string, unknown>[] };
    assert.deepEqual(
      vertices.map((v) => [v.name, v['input-watermark'], v['output-watermark'], v['lowest-subtask'], v.explanation]),
      [
        ['Source: bids -> Map', JAVA_LONG_MIN_STRING, '2999', 1, undefined],
        ['Sink: print', '2999', '2999', 0, "'Source: bids -> Map' subtask 1 at 2999"],
      ],
    );
    const sinkSubtask = (vertices[1].subtasks as Record<string, unknown>[])[0];
    assert.deepEqual(sinkSubtask['held-back-by'], [
      {
        input: 1,
        edge: 'e1',
        vertex: SAMPLE_SOURCE_ID,
        'vertex-name': 'Source: bids -> Map',
        subtask: 1,
        watermark: '2999',
      },
    ]);
  });

  const errors: [string, number, RegExp][] = [
    [`/jobs/${SAMPLE_JOB_ID}/vertices/nope/watermarks`, 400, /vertexid.*32 hexadecimal/],
    [`/jobs/${SAMPLE_JOB_ID}/vertices/${'f'.repeat(32)}/watermarks`, 404, /JobVertex f+ not found/],
    [`/jobs/${'e'.repeat(32)}/watermarks`, 404, /Job e+ not found/],
  ];
  for (const [path, status, message] of errors) {
    it(`GET ${path} → ${status}`, async () => {
      const answer = await get(path);
      assert.equal(answer.status, status);
      assert.match((answer.body as { errors: string[] }).errors[0], message);
    });
  }
});
