import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import type { DataStreamSource } from '../datastream/index.js';
import { setContextConfiguration, setPipelineExecutor, setShippedCollections } from '../execution/pipeline-executor.js';
import { FromElementsSource } from '../source/from-elements-source.js';
import { NumberSequenceSource } from '../source/number-sequence-source.js';
import type { Source } from '../source/source.js';
import type { SourceTransformation } from '../transformations.js';
import { CapturingPipelineExecutor } from './capturing-pipeline-executor.js';
import { DEFAULT_JOB_NAME, resetExecuteCount, StreamExecutionEnvironment } from './stream-execution-environment.js';

const env = () => StreamExecutionEnvironment.getExecutionEnvironment();

function sourceOf(e: StreamExecutionEnvironment, id: number): SourceTransformation {
  const t = e.getTransformations().find((x) => x.id === id);
  assert.ok(t !== undefined && t.kind === 'source');
  return t;
}

function resetContext(): void {
  setContextConfiguration({});
  resetExecuteCount();
}

describe('StreamExecutionEnvironment settings', () => {
  afterEach(() => resetContext());

  it('defaults the parallelism to the CPU cores; parallelism.default overrides', () => {
    assert.equal(env().getParallelism(), availableParallelism());
    assert.equal(
      StreamExecutionEnvironment.getExecutionEnvironment({ 'parallelism.default': '3' }).getParallelism(),
      3,
    );
    assert.equal(StreamExecutionEnvironment.createLocalEnvironment().getParallelism(), availableParallelism());
    assert.equal(StreamExecutionEnvironment.createLocalEnvironment(2).getParallelism(), 2);
    assert.equal(env().getConfig()['parallelism.default'], String(availableParallelism()));
  });

  it('starts from the context configuration, which the user configuration overrides', () => {
    setContextConfiguration({ 'parallelism.default': '5', 'pipeline.name': 'ctx' });
    assert.equal(env().getParallelism(), 5);
    assert.equal(env().getConfig()['pipeline.name'], 'ctx');
    assert.equal(
      StreamExecutionEnvironment.getExecutionEnvironment({ 'parallelism.default': '2' }).getParallelism(),
      2,
    );
  });

  it('validates parallelism settings', () => {
    const e = env();
    for (const bad of [0, -2, 1.5, Number.NaN])
      assert.throws(() => e.setParallelism(bad), /parallelism must be at least one/);
    assert.equal(e.setParallelism(-1).getParallelism(), availableParallelism());
    assert.throws(() => e.setParallelism(40000), /at most 32768/);
    assert.throws(() => e.setMaxParallelism(0), /out of bounds/);
    assert.throws(() => e.setMaxParallelism(32769), /out of bounds/);
    e.setMaxParallelism(8);
    assert.equal(e.getMaxParallelism(), 8);
    assert.equal(e.getConfig()['pipeline.max-parallelism'], '8');
  });

  it('checks parallelism against max parallelism at execute(), when both are final', async () => {
    const e = env().setParallelism(9).setMaxParallelism(8);
    e.fromData(1).print();
    await assert.rejects(e.executeAsync(), /The parallelism 9 is higher than the max parallelism 8/);
  });

  it('validates the configuration map', () => {
    const make = (config: Record<string, string>) => StreamExecutionEnvironment.getExecutionEnvironment(config);
    assert.throws(() => make({ 'parallelism.default': '0' }), /'parallelism.default' must be in 1..32768/);
    assert.throws(() => make({ 'parallelism.default': 'four' }), /must be an integer, got 'four'/);
    assert.throws(() => make({ 'pipeline.max-parallelism': '2', 'parallelism.default': '4' }), /higher than/);
    assert.throws(() => make({ x: {} as unknown as string }), /Configuration 'x' must be a string/);
    assert.equal(make({ 'pipeline.max-parallelism': '-1' }).getMaxParallelism(), -1);
    assert.equal(make({ 'parallelism.default': 6 as unknown as string }).getParallelism(), 6);
  });

  it('records buffer timeout, checkpointing and chaining under Flink keys', () => {
    const e = env().setBufferTimeout(5).enableCheckpointing(Duration.ofSeconds(10)).disableOperatorChaining();
    const config = e.getConfig();
    assert.equal(config['execution.buffer-timeout.enabled'], 'true');
    assert.equal(config['execution.buffer-timeout.interval'], '5 ms');
    assert.equal(config['execution.checkpointing.interval'], '10000 ms');
    assert.equal(config['execution.checkpointing.mode'], 'EXACTLY_ONCE');
    assert.equal(config['pipeline.operator-chaining.enabled'], 'false');
    e.setBufferTimeout(-1).enableCheckpointing(500, 'AT_LEAST_ONCE');
    assert.equal(e.getConfig()['execution.buffer-timeout.enabled'], 'false');
    assert.equal(e.getConfig()['execution.checkpointing.mode'], 'AT_LEAST_ONCE');
    assert.throws(() => e.setBufferTimeout(-2), /Timeout of buffer must be non-negative or -1/);
    assert.throws(() => e.enableCheckpointing(5), /larger than or equal to 10 ms/);
    assert.throws(() => e.enableCheckpointing(100, 'SOMETIMES' as never), /mode must be/);
  });

  it('hands out a copy of its configuration', () => {
    const e = env();
    e.getConfig()['parallelism.default'] = '99';
    assert.notEqual(e.getParallelism(), 99);
  });
});

describe('StreamExecutionEnvironment sources', () => {
  it('fromData makes a non-parallel "Collection Source" over the values', () => {
    const e = env();
    const stream = e.fromData('a', 'b');
    const t = sourceOf(e, stream.getId());
    assert.equal(t.name, 'Collection Source');
    assert.equal(t.parallelism, 1);
    assert.equal(t.chainingStrategy, 'HEAD');
    assert.equal(t.watermarkStrategy, undefined);
    assert.ok(t.source instanceof FromElementsSource);
    assert.deepEqual((t.source as FromElementsSource<string>).elements, ['a', 'b']);
    assert.throws(() => stream.setParallelism(2), /The parallelism of non parallel operator must be 1/);
    assert.throws(() => stream.setMaxParallelism(4), /maximum parallelism of non parallel operator must be 1/);
    stream.setParallelism(1).name('letters').uid('letters');
    assert.equal(t.name, 'letters');
  });

  it('fromElements and fromCollection read the same way; fromCollection takes any iterable', () => {
    const e = env();
    function* gen() {
      yield 1;
      yield 2;
    }
    const a = e.fromElements(1, 2);
    const b = e.fromCollection(new Set([1, 2]));
    const c = e.fromCollection(gen());
    const d = e.fromCollection<number>([]);
    for (const s of [a, b, c]) {
      assert.deepEqual((sourceOf(e, s.getId()).source as FromElementsSource<number>).elements, [1, 2]);
    }
    assert.deepEqual((sourceOf(e, d.getId()).source as FromElementsSource<number>).elements, []);
  });

  it('rejects what a collection source cannot ship', () => {
    const e = env();
    assert.throws(() => e.fromData(), /fromData needs at least one element/);
    assert.throws(() => e.fromElements(), /fromElements needs at least one element/);
    assert.throws(() => e.fromData(1, null, 3), /element at index 1 is null/);
    assert.throws(() => e.fromCollection([1, undefined]), /element at index 1 is undefined/);
    assert.throws(() => e.fromData(() => 1), /element at index 0 is a function/);
    assert.throws(() => e.fromCollection(42 as unknown as number[]), /expects an iterable/);
  });

  it('fromSequence makes a parallel "Sequence Source"', () => {
    const e = env();
    const stream = e.fromSequence(1, 100);
    const t = sourceOf(e, stream.getId());
    assert.equal(t.name, 'Sequence Source');
    assert.equal(t.parallelism, -1);
    assert.ok(t.source instanceof NumberSequenceSource);
    stream.setParallelism(4);
    assert.equal(t.parallelism, 4);
    assert.throws(() => e.fromSequence(5, 1), /Start of sequence must not be greater than the end/);
    assert.throws(() => e.fromSequence(0, 2 ** 53), /not a safe integer/);
  });

  it('fromSource keeps the source, its watermark strategy and name', () => {
    const e = env();
    const source = new NumberSequenceSource(1, 3);
    const strategy = { kind: 'no-watermarks' };
    const stream: DataStreamSource<number> = e.fromSource(source, strategy, 'numbers');
    const t = sourceOf(e, stream.getId());
    assert.equal(t.source, source);
    assert.equal(t.watermarkStrategy, strategy);
    assert.equal(t.name, 'numbers');
    assert.equal(t.parallelism, -1);
    assert.throws(() => e.fromSource({} as Source<number>, strategy, 'x'), /expects a Source/);
    assert.throws(() => e.fromSource(source, undefined as unknown as object, 'x'), /needs a WatermarkStrategy/);
    assert.throws(() => e.fromSource(source, strategy, ''), /source name must be a non-empty string/);
  });
});

describe('StreamExecutionEnvironment.execute', () => {
  let executor: CapturingPipelineExecutor;
  beforeEach(() => {
    executor = new CapturingPipelineExecutor();
    setPipelineExecutor(executor);
    resetContext();
  });
  afterEach(() => {
    setPipelineExecutor(undefined);
    setShippedCollections(undefined);
  });

  it("fails with Flink's error when there are no operators", async () => {
    const e = env();
    await assert.rejects(e.execute(), /No operators defined in streaming topology. Cannot execute./);
    e.fromData(1);
    await assert.rejects(e.execute(), /No operators defined/);
  });

  it('hands every transformation, the config and the collection data to the executor', async () => {
    const e = env().setParallelism(3);
    e.fromData(1, 2, 3)
      .map((x) => x * 2)
      .print();
    const result = await e.execute('doubling');
    assert.equal(result.jobName, 'doubling');
    const p = executor.last;
    assert.equal(p.jobName, 'doubling');
    assert.deepEqual(
      p.transformations.map((t) => [t.id, t.kind, t.name]),
      [
        [1, 'source', 'Collection Source'],
        [2, 'one-input', 'Map'],
        [3, 'sink', 'Print to Std. Out'],
      ],
    );
    assert.equal(p.config['parallelism.default'], '3');
    assert.deepEqual([...p.collections], [[1, [1, 2, 3]]]);
    assert.equal(p.executeIndex, 0);
  });

  it('names the job from pipeline.name, else the default', async () => {
    const named = StreamExecutionEnvironment.getExecutionEnvironment({ 'pipeline.name': 'from-config' });
    named.fromData(1).print();
    await named.execute();
    assert.equal(executor.last.jobName, 'from-config');
    const plain = env();
    plain.fromData(1).print();
    await plain.executeAsync();
    assert.equal(executor.last.jobName, DEFAULT_JOB_NAME);
  });

  it('counts execute calls across environments and starts empty after each', async () => {
    const a = env();
    const b = env();
    a.fromData(1).print();
    b.fromData(2).print();
    const first = a.executeAsync('a'); // counted at the call, before any await
    await b.execute('b');
    await first;
    assert.deepEqual(
      executor.pipelines.map((p) => [p.jobName, p.executeIndex]),
      [
        ['a', 0],
        ['b', 1],
      ],
    );
    await assert.rejects(a.execute(), /No operators defined/);
    const next = a.fromData(3);
    assert.equal(next.getId(), 3, 'ids keep counting per environment');
    next.print();
    await a.execute();
    assert.equal(executor.last.executeIndex, 2);
    assert.deepEqual([...executor.last.collections.keys()], [3]);
  });

  it('uses the shipped collection instead of recomputing it (worker side)', async () => {
    setShippedCollections(new Map([[1, ['shipped', 'data']]]));
    const e = env();
    const stream = e.fromData('recomputed');
    assert.deepEqual((sourceOf(e, stream.getId()).source as FromElementsSource<string>).elements, ['shipped', 'data']);
    stream.print();
    await e.execute();
    assert.deepEqual(executor.last.collections.get(1), ['shipped', 'data']);
  });

  it('rejects with the job failure', async () => {
    setPipelineExecutor(new CapturingPipelineExecutor({ failure: new Error('boom in Map (2/4)') }));
    const e = env();
    e.fromData(1).print();
    await assert.rejects(e.execute(), /boom in Map/);
  });
});
