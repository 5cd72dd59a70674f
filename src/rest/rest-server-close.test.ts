// Closing the REST endpoint while a request is being answered (`weir cancel` ends a `weir run` job, whose
// MiniCluster then closes REST at once): the answer still reaches the client. A bug made `weir cancel` fail with
// "socket hang up" now and then: close() destroyed the connection with the answer not yet written.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { type RestServer, startRestServer } from './rest-server.js';
import { createFakeGateway, SAMPLE_JOB_ID, sampleJob } from './testing/fake-gateway.js';

function patch(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PATCH', headers: { 'Content-Length': 0 } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a request answered while the endpoint closes still gets its answer', async () => {
  let server: RestServer | undefined;
  let closed: Promise<void> | undefined;
  const gateway = createFakeGateway({
    jobs: [sampleJob()],
    // As the MiniCluster does when its job is cancelled: the endpoint closes right away.
    onCancel: () => {
      closed = server?.close();
    },
  });
  server = await startRestServer({ port: 0, gateway, closeGraceMs: 0 });
  assert.equal(await patch(`${server.url}/jobs/${SAMPLE_JOB_ID}?mode=cancel`), 202);
  await closed;
});
