import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeInformation } from '../../core/types/type-information.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { KeyedProcessFunction, ProcessFunction } from '../functions/process-functions.js';
import { KeyedProcessOperator } from '../operators/keyed-process-operator.js';
import { StreamGroupedReduce } from '../operators/stream-grouped-reduce.js';
import type { OneInputTransformation, PartitionTransformation, Transformation } from '../transformations.js';
import { type DataStream, KeyedStream } from './index.js';

interface Bid {
  readonly auction: number;
  readonly price: number;
}
const bids = () =>
  StreamExecutionEnvironment.createLocalEnvironment(2).fromData<Bid>(
    { auction: 1, price: 5 },
    { auction: 2, price: 7 },
  );

const keyType: TypeInformation<number> = {
  kind: 'LONG',
  createCodec: () => ({ encode: () => {}, decode: () => 0 }),
  describe: () => 'Long',
};

describe('keyBy', () => {
  it('adds a hash partition carrying the key selector and key type', () => {
    const source = bids();
    const keyed = source.keyBy((b) => b.auction, keyType);
    assert.ok(keyed instanceof KeyedStream);
    const t = keyed.getTransformation() as PartitionTransformation;
    assert.equal(t.kind, 'partition');
    assert.equal(t.input, source.getTransformation());
    assert.equal(t.partitioner.kind, 'hash');
    if (t.partitioner.kind !== 'hash') return;
    assert.equal(t.partitioner.keySelector({ auction: 9, price: 1 }), 9);
    assert.equal(t.partitioner.keyType, keyType);
    assert.equal(keyed.getKeySelector().getKey({ auction: 4, price: 1 }), 4);
    assert.equal(keyed.getKeyType(), keyType);
  });

  it("accepts Flink's KeySelector objects", () => {
    const keyed = bids().keyBy({ getKey: (b: Bid) => `a${b.auction}` });
    assert.equal(keyed.getKeySelector().getKey({ auction: 3, price: 0 }), 'a3');
    assert.throws(() => bids().keyBy(5 as never), /keyBy expects a function/);
  });

  it('gives every operator on the keyed stream the key (map too, for keyed state)', () => {
    const keyed = bids().keyBy((b) => b.auction);
    const t = keyed.map((b) => b.price).getTransformation() as OneInputTransformation;
    assert.equal(t.input, keyed.getTransformation());
    assert.equal(t.keySelector?.({ auction: 8, price: 0 }), 8);
  });

  it('cannot be repartitioned', () => {
    const keyed = bids().keyBy((b) => b.auction);
    for (const method of ['rebalance', 'forward', 'shuffle', 'rescale', 'global', 'broadcast'] as const) {
      assert.throws(() => keyed[method](), /Cannot override partitioning for KeyedStream/);
    }
  });
});

describe('KeyedStream operations', () => {
  const table: {
    call: string;
    make: (k: KeyedStream<Bid, number>) => { getTransformation(): Transformation };
    name: string;
    operator: new (...args: never[]) => unknown;
  }[] = [
    {
      call: 'reduce',
      make: (k) => k.reduce((a, b) => (a.price > b.price ? a : b)),
      name: 'Keyed Reduce',
      operator: StreamGroupedReduce,
    },
    { call: 'sum', make: (k) => k.sum('price'), name: 'Keyed Aggregation', operator: StreamGroupedReduce },
    { call: 'min', make: (k) => k.min('price'), name: 'Keyed Aggregation', operator: StreamGroupedReduce },
    { call: 'max', make: (k) => k.max('price'), name: 'Keyed Aggregation', operator: StreamGroupedReduce },
    { call: 'minBy', make: (k) => k.minBy('price'), name: 'Keyed Aggregation', operator: StreamGroupedReduce },
    { call: 'maxBy', make: (k) => k.maxBy('price', false), name: 'Keyed Aggregation', operator: StreamGroupedReduce },
    {
      call: 'process(KeyedProcessFunction)',
      make: (k) =>
        k.process(
          new (class extends KeyedProcessFunction<number, Bid, string> {
            processElement(): void {}
          })(),
        ),
      name: 'KeyedProcess',
      operator: KeyedProcessOperator,
    },
    {
      call: 'process(function)',
      make: (k) => k.process<string>((b, ctx, out) => out.collect(`${ctx.getCurrentKey()}:${b.price}`)),
      name: 'KeyedProcess',
      operator: KeyedProcessOperator,
    },
    {
      call: 'process(ProcessFunction)',
      make: (k) =>
        k.process(
          new (class extends ProcessFunction<Bid, string> {
            processElement(): void {}
          })(),
        ),
      name: 'Process',
      operator: KeyedProcessOperator,
    },
  ];
  for (const { call, make, name, operator } of table) {
    it(`${call} is a keyed "${name}"`, () => {
      const keyed = bids().keyBy((b) => b.auction);
      const t = make(keyed).getTransformation() as OneInputTransformation;
      assert.equal(t.kind, 'one-input');
      assert.equal(t.name, name);
      assert.equal(t.input, keyed.getTransformation());
      assert.equal(t.keySelector?.({ auction: 6, price: 0 }), 6);
      assert.ok(t.operatorFactory() instanceof operator);
    });
  }

  it('reduce folds records with the given function', () => {
    const keyed = bids().keyBy((b) => b.auction);
    const result: DataStream<Bid> = keyed.reduce((a, b) => ({ auction: a.auction, price: a.price + b.price }));
    assert.equal(result.getType(), undefined);
  });

  it('infers the key type and checks aggregation fields at compile time', () => {
    const keyed: KeyedStream<Bid, number> = bids().keyBy((b) => b.auction);
    const byName: KeyedStream<Bid, string> = bids().keyBy((b) => `a${b.auction}`);
    assert.ok(keyed && byName);
    // @ts-expect-error 'bidder' is not a field of Bid (at run time it fails on the first record)
    keyed.sum('bidder');
    const tuples = StreamExecutionEnvironment.createLocalEnvironment(1).fromData<[string, number]>(['a', 1]);
    assert.equal(
      tuples
        .keyBy((t) => t[0])
        .sum(1)
        .getTransformation().name,
      'Keyed Aggregation',
    );
  });

  it('rejects a bad aggregation field at the call', () => {
    const keyed = bids().keyBy((b) => b.auction);
    assert.throws(() => keyed.sum(-1 as never), /a field position must be a non-negative integer/);
  });
});
