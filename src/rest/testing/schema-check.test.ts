import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLINK_REST_SCHEMAS } from './flink-rest-schemas.js';
import { checkSchema } from './schema-check.js';

describe('checkSchema', () => {
  const io = FLINK_REST_SCHEMAS.IOMetricsInfo;

  it('reports misspelt fields, wrong types and broken patterns with their paths', () => {
    const problems = checkSchema(
      { 'read-bytes': 1.5, read_records: 3, 'write-bytes-complete': 'yes' },
      io,
      FLINK_REST_SCHEMAS,
    );
    assert.deepEqual(
      [...problems].sort(),
      [
        "$: property 'read_records' is not in the schema",
        '$.read-bytes: expected an integer, got number 1.5',
        "$.write-bytes-complete: expected a boolean, got 'yes'",
      ].sort(),
    );
    assert.deepEqual(
      checkSchema(
        { jobs: [{ id: 'xyz', status: 'RUNNING' }] },
        FLINK_REST_SCHEMAS.JobIdsWithStatusOverview,
        FLINK_REST_SCHEMAS,
      ),
      ["$.jobs[0].id: 'xyz' does not match [0-9a-f]{32}"],
    );
    assert.deepEqual(checkSchema({ status: 'CANCELING' }, FLINK_REST_SCHEMAS.JobIdWithStatus, FLINK_REST_SCHEMAS), [
      "$.status: 'CANCELING' is not one of INITIALIZING, CREATED, RUNNING, FAILING, FAILED, CANCELLING, CANCELED, FINISHED, RESTARTING, SUSPENDED, RECONCILING",
    ]);
  });

  it('leaves RawJson open and can be told to allow unknown fields', () => {
    assert.deepEqual(checkSchema({ anything: [1] }, FLINK_REST_SCHEMAS.RawJson, FLINK_REST_SCHEMAS), []);
    assert.deepEqual(checkSchema({ extra: 1 }, io, FLINK_REST_SCHEMAS, { closed: false }), []);
  });
});
