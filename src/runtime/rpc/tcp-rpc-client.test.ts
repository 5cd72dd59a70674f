import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RpcEndpointNotFoundError, RpcTimeoutError } from './rpc-service.js';
import { connectRemote, parseRemoteAddress, RpcDisconnectedError, TcpRpcClient } from './tcp-rpc-client.js';
import { TcpRpcServer } from './tcp-rpc-server.js';

interface Calc {
  add(a: number, b: number): Promise<number>;
  echo<T>(value: T): Promise<T>;
  fail(message: string): Promise<void>;
  slow(ms: number): Promise<string>;
}

class CalcEndpoint {
  add(a: number, b: number): number {
    return a + b;
  }
  echo<T>(value: T): T {
    return value;
  }
  async fail(message: string): Promise<void> {
    const error = new RangeError(message);
    throw error;
  }
  slow(ms: number): Promise<string> {
    return new Promise((resolve) => setTimeout(() => resolve('done'), ms));
  }
}

const fastHeartbeat = { intervalMs: 20, timeoutMs: 200 };

async function startCalc(port = 0): Promise<{ server: TcpRpcServer; port: number }> {
  const server = new TcpRpcServer({ port, heartbeat: fastHeartbeat });
  server.register('calc', new CalcEndpoint());
  const bound = await server.start();
  return { server, port: bound.port };
}

test('calls, concurrent calls, structured-clone payloads and large payloads', async () => {
  const { server, port } = await startCalc();
  const { gateway, client } = await connectRemote<Calc>(`127.0.0.1:${port}/calc`, { heartbeat: fastHeartbeat });
  try {
    assert.equal(await gateway.add(2, 3), 5);
    const sums = await Promise.all(Array.from({ length: 500 }, (_, i) => gateway.add(i, 1)));
    assert.deepEqual(
      sums,
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
    const rich = { m: new Map([[1, 'a']]), d: new Date(5), big: 2n ** 70n, u: new Uint8Array([1, 2]) };
    assert.deepEqual(await gateway.echo(rich), rich);
    const large = new Uint8Array(6 * 1024 * 1024).map((_, i) => i % 251);
    const back = await gateway.echo(large);
    assert.equal(back.length, large.length);
    assert.deepEqual(back, large);
  } finally {
    client.close();
    await server.close();
  }
});

test('remote errors keep name, message and stack; unknown endpoints and timeouts fail clearly', async () => {
  const { server, port } = await startCalc();
  const client = new TcpRpcClient('127.0.0.1', port, { heartbeat: fastHeartbeat });
  await client.start();
  try {
    const calc = client.gateway<Calc>('calc');
    await assert.rejects(calc.fail('boom'), (e: Error) => {
      assert.equal(e.name, 'RangeError');
      assert.equal(e.message, 'boom');
      assert.match(e.stack ?? '', /CalcEndpoint\.fail[\s\S]*remote RPC server/);
      return true;
    });
    await assert.rejects(client.gateway<Calc>('nobody').add(1, 2), RpcEndpointNotFoundError);
    await assert.rejects(client.gateway<Calc>('calc', 30).slow(500), RpcTimeoutError);
    await assert.rejects(
      calc.echo(() => 1),
      /cannot be serialized/,
    );
    assert.equal(await calc.add(1, 1), 2, 'the connection survives all of the above');
  } finally {
    client.close();
    await server.close();
  }
});

test('calls fail fast while the server is down and work again after it restarts', async () => {
  const first = await startCalc();
  const client = new TcpRpcClient('127.0.0.1', first.port, {
    heartbeat: fastHeartbeat,
    reconnect: { initialDelayMs: 10, maxDelayMs: 40 },
  });
  await client.start();
  const calc = client.gateway<Calc>('calc');
  try {
    const inFlight = calc.slow(1000);
    await first.server.close();
    await assert.rejects(inFlight, RpcDisconnectedError);
    await assert.rejects(calc.add(1, 2), RpcDisconnectedError);
    const second = await startCalc(first.port);
    try {
      await client.whenConnected(2000);
      assert.equal(await calc.add(1, 2), 3);
    } finally {
      await second.server.close();
    }
  } finally {
    client.close();
  }
});

test('the first connection attempt gives up with a clear error', async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const client = new TcpRpcClient('127.0.0.1', port, { connectTimeoutMs: 100, heartbeat: fastHeartbeat });
  await assert.rejects(client.start(), /Could not connect to RPC server 127\.0\.0\.1:\d+ within 100 ms/);
  client.close();
});

test('a stopped peer process is detected by the heartbeat timeout', async () => {
  // The test runs from sources (tsx) or compiled (build/): start the child on the same kind of module.
  const fromSource = import.meta.url.endsWith('.ts');
  const serverModule = fileURLToPath(new URL(`./tcp-rpc-server.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const code = `import { TcpRpcServer } from ${JSON.stringify(serverModule)};
    const s = new TcpRpcServer({ heartbeat: { intervalMs: 20, timeoutMs: 200 } });
    s.register('calc', { add: (a, b) => a + b });
    const { port } = await s.start();
    process.stdout.write(port + '\\n');`;
  const loader = fromSource ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (c) => reject(new Error(`child exited early with ${c}`)));
    });
    const client = new TcpRpcClient('127.0.0.1', port, {
      heartbeat: fastHeartbeat,
      reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 },
    });
    await client.start();
    const calc = client.gateway<Calc>('calc', 5000);
    assert.equal(await calc.add(20, 22), 42);
    child.kill('SIGSTOP'); // the process is alive and its socket open, but it no longer answers
    const started = Date.now();
    await assert.rejects(
      calc.add(1, 1),
      (e: Error) => e instanceof RpcDisconnectedError && /no heartbeat/.test(e.message),
    );
    assert.ok(Date.now() - started < 2000, 'detected by heartbeat, well before the 5 s call timeout');
    client.close();
  } finally {
    child.kill('SIGKILL');
  }
});

test('a peer that never sends heartbeats is dropped', async () => {
  const mute = net.createServer(() => {});
  await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
  const port = (mute.address() as net.AddressInfo).port;
  const client = new TcpRpcClient('127.0.0.1', port, { heartbeat: fastHeartbeat });
  await client.start();
  await assert.rejects(client.gateway<Calc>('calc', 5000).add(1, 1), /no heartbeat from 127\.0\.0\.1/);
  client.close();
  mute.close();
});

test('the server drops a client that stops sending heartbeats', async () => {
  const { server, port } = await startCalc();
  const silent = net.connect(port, '127.0.0.1');
  const closed = new Promise<number>((resolve) => {
    const started = Date.now();
    silent.on('close', () => resolve(Date.now() - started));
  });
  silent.on('error', () => {});
  silent.resume(); // read (and drop) the server heartbeats so the end of the stream is seen
  const elapsed = await closed;
  assert.ok(elapsed >= 150 && elapsed < 2000, `dropped after ${elapsed} ms, heartbeat timeout is 200 ms`);
  await server.close();
});

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('TLS with a self-signed certificate', {
  skip: opensslAvailable() ? false : 'openssl is not installed, so no certificate can be generated',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-rpc-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const server = new TcpRpcServer({ tls: { key, cert }, heartbeat: fastHeartbeat });
    server.register('calc', new CalcEndpoint());
    const { port } = await server.start();
    try {
      const { gateway, client } = await connectRemote<Calc>(`127.0.0.1:${port}/calc`, {
        tls: { ca: cert },
        heartbeat: fastHeartbeat,
      });
      assert.equal(await gateway.add(40, 2), 42);
      client.close();
      const untrusting = new TcpRpcClient('127.0.0.1', port, {
        tls: {},
        connectTimeoutMs: 300,
        heartbeat: fastHeartbeat,
      });
      await assert.rejects(untrusting.start(), /self[- ]signed/);
      untrusting.close();
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('addresses are parsed, and bad ones explained', () => {
  assert.deepEqual(parseRemoteAddress('127.0.0.1:6123/jobmanager'), {
    host: '127.0.0.1',
    port: 6123,
    endpoint: 'jobmanager',
  });
  assert.deepEqual(parseRemoteAddress('[::1]:80/a/b'), { host: '::1', port: 80, endpoint: 'a/b' });
  for (const bad of ['localhost/x', 'h:0/x', 'h:70000/x', 'h:1/']) {
    assert.throws(() => parseRemoteAddress(bad), /Bad RPC address/);
  }
});
