import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeInformation } from '../../core/types/type-information.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import {
  BroadcastProcessFunction,
  CoProcessFunction,
  KeyedBroadcastProcessFunction,
  KeyedCoProcessFunction,
} from '../functions/process-functions.js';
import { CoBroadcastWithKeyedOperator } from '../operators/co-broadcast-with-keyed-operator.js';
import { CoBroadcastWithNonKeyedOperator } from '../operators/co-broadcast-with-non-keyed-operator.js';
import { CoProcessOperator } from '../operators/co-process-operator.js';
import { CoStreamFlatMap } from '../operators/co-stream-flat-map.js';
import { CoStreamMap } from '../operators/co-stream-map.js';
import { KeyedCoProcessOperator } from '../operators/keyed-co-process-operator.js';
import { MapStateDescriptor } from '../state/descriptors.js';
import type { PartitionTransformation, TwoInputTransformation } from '../transformations.js';
import { BroadcastConnectedStream, BroadcastStream, ConnectedStreams, KeyedStream } from './index.js';

const env = () => StreamExecutionEnvironment.createLocalEnvironment(2);

class Join extends CoProcessFunction<number, string, string> {
  processElement1(): void {}
  processElement2(): void {}
}
class KeyedJoin extends KeyedCoProcessFunction<string, number, string, string> {
  processElement1(): void {}
  processElement2(): void {}
}

function twoInput(stream: { getTransformation(): unknown }): TwoInputTransformation {
  const t = stream.getTransformation() as TwoInputTransformation;
  assert.equal(t.kind, 'two-input');
  return t;
}

describe('ConnectedStreams', () => {
  it('map, flatMap and process add Flink-named two-input operators', () => {
    const e = env();
    const numbers = e.fromData(1, 2);
    const words = e.fromData('a');
    const connected = numbers.connect(words);
    assert.ok(connected instanceof ConnectedStreams);
    const cases = [
      { t: twoInput(connected.map({ map1: (n) => String(n), map2: (s) => s })), name: 'Co-Map', op: CoStreamMap },
      {
        t: twoInput(connected.flatMap({ flatMap1: (n) => [String(n)], flatMap2: (s) => [s] })),
        name: 'Co-Flat Map',
        op: CoStreamFlatMap,
      },
      { t: twoInput(connected.process(new Join())), name: 'Co-Process', op: CoProcessOperator },
    ];
    for (const { t, name, op } of cases) {
      assert.equal(t.name, name);
      assert.equal(t.input1, numbers.getTransformation());
      assert.equal(t.input2, words.getTransformation());
      assert.equal(t.keySelector1, undefined);
      assert.equal(t.keySelector2, undefined);
      assert.ok(t.operatorFactory() instanceof op);
    }
    assert.equal(connected.getFirstInput(), numbers);
    assert.equal(connected.getSecondInput(), words);
  });

  it('keyBy(sel1, sel2) keys both inputs; process then runs keyed', () => {
    const e = env();
    const connected = e
      .fromData(1, 22)
      .connect(e.fromData('x'))
      .keyBy(
        (n) => String(n).length,
        (s) => s.length,
      );
    assert.ok(connected.getFirstInput() instanceof KeyedStream);
    const keyed = twoInput(connected.process(new KeyedJoin() as never));
    assert.equal(keyed.name, 'Co-Keyed-Process');
    assert.equal(keyed.keySelector1?.(22), 2);
    assert.equal(keyed.keySelector2?.('abc'), 3);
    assert.ok(keyed.operatorFactory() instanceof KeyedCoProcessOperator);
    assert.equal((keyed.input1 as PartitionTransformation).partitioner.kind, 'hash');

    const legacy = twoInput(connected.process(new Join()));
    assert.equal(legacy.name, 'Co-Process', 'a CoProcessFunction keeps its name on keyed inputs, as in Flink');
    assert.ok(legacy.operatorFactory() instanceof KeyedCoProcessOperator);

    const plain = twoInput(connected.process({ processElement1() {}, processElement2() {} }));
    assert.equal(plain.name, 'Co-Keyed-Process');
  });

  it('keyed.connect(keyed) carries both key selectors', () => {
    const e = env();
    const a = e.fromData(1).keyBy((n) => n);
    const b = e.fromData(2).keyBy((n) => n + 1);
    const t = twoInput(a.connect(b).map({ map1: (n) => n, map2: (n) => n }));
    assert.equal(t.keySelector1?.(5), 5);
    assert.equal(t.keySelector2?.(5), 6);
  });

  it('rejects a KeyedCoProcessFunction unless both inputs are keyed', () => {
    const e = env();
    assert.throws(
      () =>
        e
          .fromData(1)
          .connect(e.fromData('a'))
          .process(new KeyedJoin() as never),
      /KeyedCoProcessFunction can only be used when both input streams are of type KeyedStream/,
    );
  });

  it('rejects keyed inputs whose declared key types differ', () => {
    const e = env();
    const type = (name: string): TypeInformation<number> => ({
      kind: name,
      createCodec: () => ({ encode: () => {}, decode: () => 0 }),
      describe: () => name,
    });
    const a = e.fromData(1).keyBy((n) => n, type('Long'));
    const b = e.fromData(2).keyBy((n) => n, type('String'));
    assert.throws(
      () => a.connect(b).map({ map1: (n) => n, map2: (n) => n }),
      /Key types .* don't match: Long and String/,
    );
  });

  it('rejects a stream of another environment and a bad function', () => {
    assert.throws(() => env().fromData(1).connect(env().fromData(2)), /same StreamExecutionEnvironment/);
    const e = env();
    assert.throws(
      () =>
        e
          .fromData(1)
          .connect(e.fromData(2))
          .map({} as never),
      /map1, map2/,
    );
  });
});

describe('broadcast state pattern', () => {
  const rules = new MapStateDescriptor<string, number>('rules');

  class Enrich extends BroadcastProcessFunction<number, string, string> {
    processElement(): void {}
    processBroadcastElement(): void {}
  }
  class KeyedEnrich extends KeyedBroadcastProcessFunction<number, number, string, string> {
    processElement(): void {}
    processBroadcastElement(): void {}
  }

  it('broadcast(descriptor) makes a BroadcastStream over a broadcast partition', () => {
    const source = env().fromData('r1');
    const broadcast = source.broadcast(rules);
    assert.ok(broadcast instanceof BroadcastStream);
    const t = broadcast.getTransformation() as PartitionTransformation;
    assert.deepEqual(t.partitioner, { kind: 'broadcast' });
    assert.deepEqual(broadcast.getBroadcastStateDescriptors(), [rules]);
    assert.throws(() => source.broadcast('rules' as never), /argument 1 is "rules"; broadcast state is declared with/);
  });

  it('non-keyed: "Co-Process-Broadcast" with a BroadcastProcessFunction', () => {
    const e = env();
    const broadcast = e.fromData('r').broadcast(rules);
    const connected = e.fromData(1).connect(broadcast);
    assert.ok(connected instanceof BroadcastConnectedStream);
    const t = twoInput(connected.process(new Enrich()));
    assert.equal(t.name, 'Co-Process-Broadcast');
    assert.equal(t.input2, broadcast.getTransformation());
    assert.equal(t.keySelector1, undefined);
    assert.ok(t.operatorFactory() instanceof CoBroadcastWithNonKeyedOperator);
    assert.throws(
      () => connected.process(new KeyedEnrich() as never),
      /KeyedBroadcastProcessFunction can only be used on a keyed stream/,
    );
  });

  it('keyed: "Co-Process-Broadcast-Keyed" with a KeyedBroadcastProcessFunction', () => {
    const e = env();
    const broadcast = e.fromData('r').broadcast(rules);
    const connected = e
      .fromData(1)
      .keyBy((n) => n * 10)
      .connect(broadcast);
    const t = twoInput(connected.process(new KeyedEnrich()));
    assert.equal(t.name, 'Co-Process-Broadcast-Keyed');
    assert.equal(t.keySelector1?.(2), 20);
    assert.equal(t.keySelector2, undefined);
    assert.ok(t.operatorFactory() instanceof CoBroadcastWithKeyedOperator);
    assert.throws(
      () => connected.process(new Enrich() as never),
      /BroadcastProcessFunction can only be used on a non-keyed stream/,
    );
  });
});
