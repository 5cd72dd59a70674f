import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWeir } from './support/run-weir.js';

// A slow sink must slow the source down instead of letting records pile up: memory (RSS and array buffers, over
// every thread of the process) stays bounded while far more data flows than that bound.

function peaks(stdout: string): { peakRssMb: number; peakArrayBuffersMb: number } {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as { peakRssMb: number; peakArrayBuffersMb: number };
}

test('a slow sink backpressures a fast source through a keyed exchange with memory bounded', async () => {
  // 1 M records of ~210 bytes: ~400 MB as JS strings if they queued up anywhere.
  const run = await runWeir(['run', 'test/jobs/slow-sink.ts', '-p', '2', '--', 'exchange', '1000000'], {
    timeoutMs: 120_000,
  });
  assert.equal(run.code, 0, run.stderr);
  const { peakRssMb, peakArrayBuffersMb } = peaks(run.stdout);
  assert.ok(peakRssMb < 300, `peak RSS ${peakRssMb} MB`);
  assert.ok(peakArrayBuffersMb < 64, `peak array buffers ${peakArrayBuffersMb} MB`);
});

test('the same holds when the keyed exchange crosses TaskManagers over TCP (credit, not socket buffers, bounds it)', async () => {
  const run = await runWeir(
    ['run', 'test/jobs/slow-sink.ts', '-p', '2', '-Dminicluster.number-of-taskmanagers=2', '--', 'exchange', '1000000'],
    { timeoutMs: 120_000 },
  );
  assert.equal(run.code, 0, run.stderr);
  const { peakRssMb, peakArrayBuffersMb } = peaks(run.stdout);
  assert.ok(peakRssMb < 300, `peak RSS ${peakRssMb} MB`);
  assert.ok(peakArrayBuffersMb < 64, `peak array buffers ${peakArrayBuffersMb} MB`);
});

test('a flatMap generator fanning one record out to 1 M records is pulled as credit allows', async () => {
  const run = await runWeir(['run', 'test/jobs/slow-sink.ts', '-p', '2', '--', 'fan-out', '1000000'], {
    timeoutMs: 120_000,
  });
  assert.equal(run.code, 0, run.stderr);
  const { peakRssMb, peakArrayBuffersMb } = peaks(run.stdout);
  assert.ok(peakRssMb < 300, `peak RSS ${peakRssMb} MB`);
  assert.ok(peakArrayBuffersMb < 64, `peak array buffers ${peakArrayBuffersMb} MB`);
});
