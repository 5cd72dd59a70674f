import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeInformation } from '../../core/types/type-information.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { ProcessOperator } from '../operators/process-operator.js';
import { StreamFilter } from '../operators/stream-filter.js';
import { StreamFlatMap } from '../operators/stream-flat-map.js';
import { StreamMap } from '../operators/stream-map.js';
import { PrintSink } from '../sink/print-sink.js';
import type { Sink } from '../sink/sink.js';
import type {
  OneInputTransformation,
  PartitionTransformation,
  SinkTransformation,
  Transformation,
  UnionTransformation,
} from '../transformations.js';
import { type DataStream, DataStreamSink } from './index.js';

const env = () => StreamExecutionEnvironment.createLocalEnvironment(2);

function as<K extends Transformation['kind']>(t: Transformation, kind: K): Extract<Transformation, { kind: K }> {
  assert.equal(t.kind, kind);
  return t as Extract<Transformation, { kind: K }>;
}

const stringType: TypeInformation<string> = {
  kind: 'STRING',
  createCodec: () => ({ encode: () => {}, decode: () => '' }),
  describe: () => 'String',
};
const numberType: TypeInformation<number> = { ...stringType, kind: 'DOUBLE', describe: () => 'Double' } as never;

describe('DataStream one-input operations', () => {
  const table: {
    name: string;
    make: (s: DataStream<number>) => { getTransformation(): Transformation };
    operator: new (...args: never[]) => unknown;
  }[] = [
    { name: 'Map', make: (s) => s.map((x) => x + 1), operator: StreamMap },
    { name: 'Flat Map', make: (s) => s.flatMap((x) => [x, x]), operator: StreamFlatMap },
    { name: 'Filter', make: (s) => s.filter((x) => x > 1), operator: StreamFilter },
    { name: 'Process', make: (s) => s.process((x, _ctx, out) => out.collect(x)), operator: ProcessOperator },
  ];
  for (const { name, make, operator } of table) {
    it(`${name}: a one-input transformation named as Flink names it`, () => {
      const e = env();
      const source = e.fromData(1, 2, 3);
      const result = make(source);
      const t = as(result.getTransformation(), 'one-input');
      assert.equal(t.name, name);
      assert.equal(t.input, source.getTransformation());
      assert.equal(t.parallelism, -1);
      assert.equal(t.maxParallelism, -1);
      assert.equal(t.chainingStrategy, 'ALWAYS');
      assert.equal(t.keySelector, undefined);
      const a = t.operatorFactory();
      const b = t.operatorFactory();
      assert.ok(a instanceof operator);
      assert.notEqual(a, b, 'a fresh operator per subtask');
      assert.deepEqual(
        e.getTransformations().map((x) => x.id),
        [1, 2],
      );
    });
  }

  it('infers record types and keeps declared ones', () => {
    const strings: DataStream<string> = env()
      .fromData(1, 2, 3)
      .map((x) => String(x));
    const typed = strings.map((s) => s.length, numberType);
    assert.equal(typed.getType(), numberType);
    assert.equal(typed.filter((n) => n > 0).getType(), numberType, 'filter keeps the input type');
    // @ts-expect-error a stream of numbers is not a stream of strings
    const wrong: DataStream<string> = env().fromData(1, 2);
    assert.ok(wrong);
  });

  it('fails at the call when a function is not one', () => {
    const s = env().fromData(1);
    assert.throws(() => s.map(42 as never), /map expects a function/);
    assert.throws(() => s.filter({} as never), /filter expects a function/);
  });

  it('transform() validates its arguments', () => {
    const s = env().fromData(1);
    assert.throws(
      () => s.transform('', () => new StreamMap((x: number) => x)),
      /operator name must be a non-empty string/,
    );
    assert.throws(() => s.transform('X', 'nope' as never), /operator factory must be a function/);
  });
});

describe('DataStream partitioning', () => {
  const kinds = ['forward', 'rebalance', 'rescale', 'shuffle', 'global', 'broadcast'] as const;
  for (const kind of kinds) {
    it(`${kind}() adds a "Partition" transformation`, () => {
      const source = env().fromData(1);
      const t = as(source[kind]().getTransformation(), 'partition');
      assert.equal(t.name, 'Partition');
      assert.deepEqual(t.partitioner, { kind });
      assert.equal(t.input, source.getTransformation());
    });
  }

  it('partitionCustom keeps the partitioner and the key selector', () => {
    const partitioner = (key: string, n: number) => key.length % n;
    const t = as(
      env()
        .fromData('a', 'bb')
        .partitionCustom(partitioner, (s) => s)
        .getTransformation(),
      'partition',
    ) as PartitionTransformation;
    assert.equal(t.partitioner.kind, 'custom');
    if (t.partitioner.kind !== 'custom') return;
    assert.equal(t.partitioner.partitioner, partitioner);
    assert.equal(t.partitioner.keySelector('abc'), 'abc');
    const withObject = env()
      .fromData('a')
      .partitionCustom({ partition: () => 0 }, { getKey: (s: string) => s.length });
    const spec = (withObject.getTransformation() as PartitionTransformation).partitioner;
    assert.equal(spec.kind === 'custom' && spec.keySelector('abc'), 3);
    assert.throws(
      () =>
        env()
          .fromData('a')
          .partitionCustom(7 as never, (s) => s),
      /partitionCustom expects a function/,
    );
  });
});

describe('DataStream.union', () => {
  it('unions streams of one environment', () => {
    const e = env();
    const a = e.fromData(1);
    const b = e.fromData(2);
    const t = as(a.union(b, b).getTransformation(), 'union') as UnionTransformation;
    assert.equal(t.name, 'Union');
    assert.deepEqual(
      t.inputs.map((x) => x.id),
      [a.getId(), b.getId(), b.getId()],
    );
  });

  it('rejects streams of another environment or of another declared type', () => {
    const e = env();
    assert.throws(() => e.fromData(1).union(env().fromData(2)), /same StreamExecutionEnvironment/);
    const strings = e.fromData('a').map((s) => s, stringType) as unknown as DataStream<number>;
    const numbers = e.fromData(1).map((n) => n, numberType);
    assert.throws(() => numbers.union(strings), /Cannot union streams of different types: Double and String/);
  });
});

describe('DataStream sinks', () => {
  it('print() and printToErr() add Flink-named print sinks', () => {
    const source = env().fromData(1);
    const out = as(source.print('id').getTransformation(), 'sink') as SinkTransformation;
    assert.equal(out.name, 'Print to Std. Out');
    assert.ok(out.sink instanceof PrintSink);
    assert.equal((out.sink as PrintSink<number>).sinkIdentifier, 'id');
    assert.equal((out.sink as PrintSink<number>).stdErr, false);
    const err = source.printToErr().getTransformation();
    assert.equal(err.name, 'Print to Std. Err');
    assert.equal((err.sink as PrintSink<number>).stdErr, true);
    assert.equal(err.input, source.getTransformation());
  });

  it('sinkTo() names the sink "Sink" unless told, and validates the sink', () => {
    const sink: Sink<number> = { createWriter: () => ({ write() {}, flush() {}, close() {} }) };
    const source = env().fromData(1);
    const a = source.sinkTo(sink);
    assert.ok(a instanceof DataStreamSink);
    assert.equal(a.getTransformation().name, 'Sink');
    assert.equal(a.getTransformation().sink, sink);
    assert.equal(source.sinkTo(sink, 'to kafka').getTransformation().name, 'to kafka');
    assert.throws(() => source.sinkTo({} as Sink<number>), /sinkTo expects a Sink/);
  });

  it('DataStreamSink setters change the sink transformation', () => {
    const sink = env().fromData(1).print();
    sink.name('out').uid('out-v1').setParallelism(3).setMaxParallelism(16).slotSharingGroup('sinks').disableChaining();
    const t = sink.getTransformation();
    assert.deepEqual(
      [t.name, t.uid, t.parallelism, t.maxParallelism, t.slotSharingGroup, t.chainingStrategy],
      ['out', 'out-v1', 3, 16, 'sinks', 'NEVER'],
    );
    assert.throws(() => sink.setParallelism(17), /higher than the operator's max parallelism 16/);
    assert.throws(() => sink.uid(''), /uid\(\) of "out" \(id 2\) must be a non-empty string/);
  });
});

describe('DataStream transformation shapes', () => {
  it('keeps the one-input transformation fields in one order', () => {
    const t = env()
      .fromData(1)
      .map((x) => x)
      .getTransformation() as OneInputTransformation;
    assert.deepEqual(Object.keys(t), [
      'id',
      'name',
      'uid',
      'parallelism',
      'maxParallelism',
      'slotSharingGroup',
      'chainingStrategy',
      'outputType',
      'sideOutputs',
      'kind',
      'input',
      'operatorFactory',
      'keySelector',
      'keyType',
    ]);
  });
});
