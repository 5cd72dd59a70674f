// A JobManager and a TaskManager process with security.ssl.internal.* and security.ssl.rest.* on: the
// TaskManager registers over mutually authenticated RPC, `weir run -m` submits over https + TLS RPC and the job
// runs end to end, `weir list` works with the keys and fails clearly without them, and a TaskManager without the
// keys is refused while the cluster keeps serving. Every test ends the processes it started.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { runWeir } from './support/run-weir.js';
import { createTlsFixture, opensslAvailable, type TlsFixture } from './support/tls-fixture.js';
import { startWeir, until, type WeirProcess } from './support/weir-process.js';

const LOOPBACK = ['-Djobmanager.rpc.address=127.0.0.1', '-Dtaskmanager.host=127.0.0.1'];
const HEARTBEAT = ['-Dheartbeat.interval=200', '-Dheartbeat.timeout=3000'];
const started: WeirProcess[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.end()));
});

function start(args: readonly string[]): WeirProcess {
  const p = startWeir(args, { WEIR_LOG_LEVEL: 'info' });
  started.push(p);
  return p;
}

describe('a cluster with TLS', { skip: opensslAvailable() ? false : 'openssl is not installed' }, () => {
  let f: TlsFixture;
  let dir: string;
  let tlsArgs: string[];
  before(() => {
    f = createTlsFixture();
    dir = mkdtempSync(join(tmpdir(), 'weir-cluster-tls-'));
    const keys = { 'security.ssl.internal.enabled': 'true', 'security.ssl.rest.enabled': 'true' };
    tlsArgs = Object.entries({ ...keys, ...f.keys('internal'), ...f.keys('rest') }).map(([k, v]) => `-D${k}=${v}`);
  });
  after(() => {
    f?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** GET over https trusting the fixture's CA. */
  function getJson(url: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      get(url, { ca: readFileSync(f.truststorePem, 'utf8') }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve(JSON.parse(body)));
      }).on('error', reject);
    });
  }

  it('runs a job submitted with weir run -m over https, TLS RPC and TLS data connections', async () => {
    const jm = start(['jobmanager', '-Drest.port=0', '-Djobmanager.rpc.port=0', ...LOOPBACK, ...HEARTBEAT, ...tlsArgs]);
    const [, restUrl, rpcPort] = await until(
      'the JobManager',
      () => /REST API at (\S+), RPC at \S+:(\d+)\//.exec(jm.stderr()) ?? undefined,
    );
    assert.match(restUrl as string, /^https:\/\/127\.0\.0\.1:\d+$/);
    // Two TaskManagers of one slot: the job's keyBy exchange crosses between their slot workers over TLS.
    const tmArgs = [`-Djobmanager.rpc.port=${rpcPort}`, '-Dtaskmanager.numberOfTaskSlots=1', ...LOOPBACK, ...HEARTBEAT];
    const tms = [start(['taskmanager', ...tmArgs, ...tlsArgs]), start(['taskmanager', ...tmArgs, ...tlsArgs])];
    const registered = async () => ((await getJson(`${restUrl}/overview`)) as { taskmanagers: number }).taskmanagers;
    await until('the TaskManagers to register over TLS', async () => ((await registered()) === 2 ? true : undefined));

    // A TaskManager without the keys talks plain TCP to a TLS server: refused and logged; the cluster keeps serving.
    start(['taskmanager', ...tmArgs]);
    await until('the refusal in the JobManager log', () =>
      /Refused a TLS connection from 127\.0\.0\.1/.test(jm.stderr()) ? true : undefined,
    );
    assert.equal(await registered(), 2);

    const job = join(dir, 'job.ts');
    writeFileSync(
      job,
      "import { StreamExecutionEnvironment } from 'weir';\n" +
        'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        'env.setParallelism(2);\n' +
        "env.fromData(1, 2, 3, 4).keyBy((x: number) => x).map((x: number) => 'value-' + x * 10).print();\n" +
        "await env.execute('over tls');\n",
    );
    const address = (restUrl as string).replace('https://', '');
    const run = await runWeir(['run', '-m', address, ...tlsArgs, job], { timeoutMs: 90_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Job has been submitted with JobID [0-9a-f]{32}\n[\s\S]*has finished/);
    const output = () => tms.flatMap((tm) => tm.stdout().trim().split('\n')).filter((line) => line !== '');
    await until('the print output', () => (output().length === 4 ? true : undefined));
    assert.ok(
      tms.every((tm) => tm.stdout().trim() !== ''),
      'both TaskManagers ran a keyed subtask',
    );
    const printed = output()
      .map((line) => line.slice(3))
      .sort();
    assert.deepEqual(printed, ['value-10', 'value-20', 'value-30', 'value-40']);

    const list = await runWeir(['list', '-m', address, ...tlsArgs]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /No running jobs/);
    // Without the keys: https is not assumed, and an https URL without the truststore fails on the certificate.
    const untrusting = await runWeir(['list', '-m', restUrl as string]);
    assert.equal(untrusting.code, 1);
    assert.match(untrusting.stderr, /Could not connect to the cluster at https:.*certificate/);
  });

  it('serves the REST API of weir run (the MiniCluster) over https with security.ssl.rest.*', async () => {
    const restKeys = { 'security.ssl.rest.enabled': 'true', ...f.keys('rest') };
    const restArgs = Object.entries(restKeys).map(([k, v]) => `-D${k}=${v}`);
    const run = start(['run', 'test/jobs/endless.ts', '-Drest.port=0', ...restArgs]);
    const [, url] = await until(
      'the REST URL',
      () => /REST API at (https:\/\/\S+)/.exec(run.stdout() + run.stderr()) ?? undefined,
    );
    const overview = (await getJson(`${url}/jobs/overview`)) as { jobs: Array<{ name: string; state: string }> };
    assert.equal(overview.jobs[0]?.name, 'endless');
    const list = await runWeir(['list', '-m', (url as string).replace('https://', ''), ...restArgs]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /: endless \(RUNNING\)/);
  });

  it('refuses to start with a clear message when a keystore is missing', async () => {
    const missing = join(dir, 'missing.p12');
    const run = await runWeir([
      'jobmanager',
      '-Drest.port=0',
      '-Djobmanager.rpc.port=0',
      ...tlsArgs,
      `-Dsecurity.ssl.internal.keystore=${missing}`,
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /security\.ssl\.internal\.keystore: the file '.*missing\.p12' does not exist/);
  });
});
