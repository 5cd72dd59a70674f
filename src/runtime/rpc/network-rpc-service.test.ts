import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { NetworkRpcService, parseRpcAddress, rpcAddress } from './network-rpc-service.js';

interface Echo {
  echo(value: unknown): Promise<unknown>;
  whoAmI(): Promise<string>;
  fail(): Promise<void>;
}

function echoEndpoint(name: string) {
  return {
    async echo(value: unknown) {
      return value;
    },
    async whoAmI() {
      return name;
    },
    async fail() {
      throw new RangeError(`${name} refuses`);
    },
  };
}

const heartbeat = { intervalMs: 100, timeoutMs: 1000 };

describe('NetworkRpcService', () => {
  const services: NetworkRpcService[] = [];
  after(async () => {
    for (const s of services) await s.close();
  });

  async function started(): Promise<NetworkRpcService> {
    const service = new NetworkRpcService({ advertisedHost: '127.0.0.1', heartbeat });
    await service.start();
    services.push(service);
    return service;
  }

  it('parses and formats addresses', () => {
    assert.deepEqual(parseRpcAddress('weir.tcp://127.0.0.1:6123/resourcemanager'), {
      host: '127.0.0.1',
      port: 6123,
      endpoint: 'resourcemanager',
    });
    assert.deepEqual(parseRpcAddress(rpcAddress('::1', 80, 'x')), { host: '::1', port: 80, endpoint: 'x' });
    for (const bad of ['127.0.0.1:6123/x', 'weir.tcp://h:0/x', 'weir.tcp://h:1/', 'weir.tcp://h/x']) {
      assert.throws(() => parseRpcAddress(bad), /expected 'weir\.tcp:\/\/host:port\/endpoint'/, bad);
    }
  });

  it('calls local endpoints by bare name or full address, with copied arguments', async () => {
    const a = await started();
    a.register('echo', echoEndpoint('a'));
    const value = { list: [1, 2], map: new Map([['k', 1]]) };
    const byName = a.connect<Echo>('echo');
    const byAddress = a.connect<Echo>(a.localAddress('echo'));
    const copied = await byName.echo(value);
    assert.deepEqual(copied, value);
    assert.notEqual(copied, value);
    assert.equal(await byAddress.whoAmI(), 'a');
  });

  it('calls endpoints of another service over TCP, errors keep their name and message', async () => {
    const a = await started();
    const b = await started();
    b.register(b.localAddress('echo'), echoEndpoint('b'));
    const remote = a.connect<Echo>(b.localAddress('echo'));
    assert.equal(await remote.whoAmI(), 'b');
    assert.deepEqual(await remote.echo({ bytes: new Uint8Array([1, 2, 3]) }), { bytes: new Uint8Array([1, 2, 3]) });
    await assert.rejects(remote.fail(), { name: 'RangeError', message: 'b refuses' });
    await a.ping(b.localAddress('anything'));
    b.unregister('echo');
    await assert.rejects(remote.whoAmI(), { name: 'RpcEndpointNotFoundError' });
  });

  it('waits for a peer that starts late, and times out on one that never does', async () => {
    const a = await started();
    const probe = new NetworkRpcService({ advertisedHost: '127.0.0.1', heartbeat });
    const port = await probe.start();
    await probe.close();
    await assert.rejects(a.connect<Echo>(rpcAddress('127.0.0.1', port, 'echo'), 300).whoAmI(), /within 300 ms/);
    const late = new NetworkRpcService({ advertisedHost: '127.0.0.1', port, heartbeat });
    const call = a.connect<Echo>(rpcAddress('127.0.0.1', port, 'echo'), 5000).whoAmI();
    await new Promise((r) => setTimeout(r, 200));
    await late.start();
    services.push(late);
    late.register('echo', echoEndpoint('late'));
    assert.equal(await call, 'late');
  });

  it('refuses to register an address of another process', async () => {
    const a = await started();
    assert.throws(() => a.register('weir.tcp://10.1.2.3:6123/x', {}), /names another process/);
  });
});
