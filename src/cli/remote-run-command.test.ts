import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { isRemoteRun } from './remote-run-command.js';
import { discoverJobManagerRpc } from './rest-cluster-executor.js';

describe('weir run -m', () => {
  const cases: Array<[string[], boolean]> = [
    [['-m', 'localhost:8081', 'job.ts'], true],
    [['--jobmanager', 'h:1', '-d', 'job.ts'], true],
    [['-p', '2', '-m', 'h:1', 'job.ts', 'x'], true],
    [['job.ts'], false],
    // After the job file, -m is the job's own argument.
    [['job.ts', '-m', 'h:1'], false],
    [['-D', 'a=b', 'job.ts', '--', '-m'], false],
    // A -p value is not the job file.
    [['-p', '2', 'job.ts'], false],
  ];
  for (const [argv, expected] of cases) {
    it(`${argv.join(' ')} → ${expected ? 'remote' : 'embedded'}`, () => assert.equal(isRemoteRun(argv), expected));
  }

  it('finds the RPC endpoint in /jobmanager/config, and names a REST endpoint that is no cluster', async () => {
    let entries = [
      { key: 'jobmanager.rpc.address', value: '127.0.0.1' },
      { key: 'jobmanager.rpc.port', value: '6123' },
    ];
    const server = createServer((_req, res) => res.end(JSON.stringify(entries)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.deepEqual(await discoverJobManagerRpc(url), { host: '127.0.0.1', port: 6123 });
      entries = [];
      await assert.rejects(discoverJobManagerRpc(url), /is not a Weir cluster started with 'weir jobmanager'/);
    } finally {
      server.close();
    }
  });
});
