// A job that never ends on its own: an endless sequence into a sink that discards it. For Ctrl-C and for looking at
// a running job over REST.
import type { Sink, SinkWriter } from 'weir';
import { StreamExecutionEnvironment } from 'weir';

class DiscardingSink implements Sink<unknown> {
  createWriter(): SinkWriter<unknown> {
    return { write() {}, flush() {}, close() {} };
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, Number.MAX_SAFE_INTEGER)
  .map((n) => n * 2)
  .name('double')
  .sinkTo(new DiscardingSink(), 'discard');
await env.execute('endless');
