import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configuration } from '../../core/config/configuration.js';
import { jobManagerSettings, taskManagerSettings } from './cluster-options.js';

function config(values: Record<string, string>): Configuration {
  const c = new Configuration();
  for (const [k, v] of Object.entries(values)) c.setString(k, v, 'test');
  return c;
}

describe('cluster options', () => {
  it("uses Flink's defaults", () => {
    const jm = jobManagerSettings(config({}));
    assert.deepEqual(
      { host: jm.rpcHost, port: jm.rpcPort, bind: jm.bindHost, rest: jm.restPort, hb: jm.heartbeat },
      { host: 'localhost', port: 6123, bind: 'localhost', rest: 8081, hb: { intervalMs: 10_000, timeoutMs: 50_000 } },
    );
    const tm = taskManagerSettings(config({}));
    assert.deepEqual(
      { slots: tm.slots, port: tm.rpcPort, jm: `${tm.jobManagerHost}:${tm.jobManagerPort}` },
      { slots: 1, port: 0, jm: 'localhost:6123' },
    );
    assert.deepEqual([jm.maxContentLength, jm.submitEnabled, jm.uploadDir], [104_857_600, true, undefined]);
  });

  it('reads the submission keys', () => {
    const c = config({
      'rest.server.max-content-length': '1024',
      'web.submit.enable': 'false',
      'web.upload.dir': '/srv/weir-uploads',
    });
    const jm = jobManagerSettings(c);
    assert.deepEqual([jm.maxContentLength, jm.submitEnabled, jm.uploadDir], [1024, false, '/srv/weir-uploads']);
  });

  it('reads the keys', () => {
    const c = config({
      'jobmanager.rpc.address': '10.0.0.1',
      'jobmanager.rpc.port': '7000',
      'jobmanager.bind-host': '0.0.0.0',
      'rest.port': '0',
      'heartbeat.interval': '1 s',
      'heartbeat.timeout': '5 s',
      'taskmanager.numberOfTaskSlots': '4',
    });
    const jm = jobManagerSettings(c);
    assert.deepEqual([jm.rpcHost, jm.rpcPort, jm.bindHost, jm.restPort], ['10.0.0.1', 7000, '0.0.0.0', 0]);
    assert.deepEqual(jm.heartbeat, { intervalMs: 1000, timeoutMs: 5000 });
    const tm = taskManagerSettings(c);
    assert.deepEqual([tm.slots, tm.jobManagerHost, tm.jobManagerPort], [4, '10.0.0.1', 7000]);
  });

  const bad: Array<[Record<string, string>, 'jm' | 'tm', RegExp]> = [
    [{ 'jobmanager.rpc.port': '70000' }, 'jm', /jobmanager.rpc.port must be a port number from 0 to 65535/],
    [{ 'rest.port': '-1' }, 'jm', /rest.port must be a port number/],
    [{ 'heartbeat.interval': '5 s', 'heartbeat.timeout': '1 s' }, 'jm', /must be positive and smaller than/],
    [{ 'rest.server.max-content-length': '0' }, 'jm', /rest.server.max-content-length must be a positive number/],
    [{ 'taskmanager.numberOfTaskSlots': '0' }, 'tm', /numberOfTaskSlots must be a positive whole number/],
    // A TaskManager must know the JobManager's real port: 0 is no address.
    [{ 'jobmanager.rpc.port': '0' }, 'tm', /jobmanager.rpc.port must be a port number from 1 to 65535/],
  ];
  for (const [values, which, message] of bad) {
    it(`refuses ${JSON.stringify(values)}`, () => {
      const c = config(values);
      assert.throws(() => (which === 'jm' ? jobManagerSettings(c) : taskManagerSettings(c)), message);
    });
  }
});
