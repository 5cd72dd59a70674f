import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RpcEndpointNotFoundError, RpcService, RpcTimeoutError } from './rpc-service.js';

interface EchoGateway {
  echo(value: { n: number }): Promise<{ n: number }>;
  never(): Promise<void>;
}

test('calls reach the endpoint with copied arguments and results', async () => {
  const rpc = new RpcService();
  let received: { n: number } | undefined;
  rpc.register('echo', {
    echo(value: { n: number }) {
      received = value;
      return value;
    },
  });
  const arg = { n: 1 };
  const result = await rpc.connect<EchoGateway>('echo').echo(arg);
  assert.deepEqual(result, { n: 1 });
  assert.notEqual(received, arg);
  assert.notEqual(result, received);
});

test('an unknown endpoint and a slow call fail with clear errors', async () => {
  const rpc = new RpcService();
  await assert.rejects(rpc.connect<EchoGateway>('nobody').echo({ n: 1 }), RpcEndpointNotFoundError);
  rpc.register('slow', { never: () => new Promise(() => {}) });
  await assert.rejects(rpc.connect<EchoGateway>('slow', 20).never(), RpcTimeoutError);
});
