// A fast source feeding a slow sink through a keyed exchange: backpressure must hold memory bounded.
// The first argument picks the shape: "exchange" (many records through keyBy) or "fan-out" (one record that a
// generator fans out to a million). Prints the process's peak RSS and array buffer memory at the end.
import type { Sink, SinkWriter } from 'weir';
import { StreamExecutionEnvironment } from 'weir';

const shape = process.argv[2] ?? 'exchange';
const records = Number(process.argv[3] ?? '1000000');
const PAYLOAD = 'x'.repeat(200);

/** Takes 1,000 records, then is unavailable for 2 ms: about 500 k records/s at most. */
class SlowSink implements Sink<unknown> {
  createWriter(): SinkWriter<unknown> {
    let count = 0;
    let until = 0;
    return {
      write() {
        if (++count % 1000 === 0) until = Date.now() + 2;
      },
      isAvailable: () => Date.now() >= until,
      whenAvailable: () => new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()))),
      flush() {},
      close() {},
    };
  }
}

let peakRss = 0;
let peakArrayBuffers = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
}, 20);

const env = StreamExecutionEnvironment.getExecutionEnvironment();
if (shape === 'fan-out') {
  env
    .fromData(records)
    .flatMap(function* (n: number) {
      for (let i = 0; i < n; i++) yield `${i}:${PAYLOAD}`;
    })
    .rebalance()
    .sinkTo(new SlowSink());
} else {
  env
    .fromSequence(1, records)
    .map((i) => ({ key: i % 1000, payload: `${i}:${PAYLOAD}` }))
    .keyBy((r) => r.key)
    .map((r) => r.payload)
    .sinkTo(new SlowSink());
}
await env.execute(`slow sink (${shape})`);
clearInterval(sampler);
console.log(
  JSON.stringify({
    peakRssMb: Math.round(peakRss / 2 ** 20),
    peakArrayBuffersMb: Math.round(peakArrayBuffers / 2 ** 20),
  }),
);
