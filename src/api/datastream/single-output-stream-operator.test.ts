import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeInformation } from '../../core/types/type-information.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { OutputTag } from '../output-tag.js';
import type { SideOutputTransformation } from '../transformations.js';

const env = () => StreamExecutionEnvironment.createLocalEnvironment(2);
const mapped = () =>
  env()
    .fromData(1, 2)
    .map((x) => x * 2);

function typeNamed<T>(name: string): TypeInformation<T> {
  return { kind: name, createCodec: () => ({ encode: () => {}, decode: () => undefined as T }), describe: () => name };
}

describe('SingleOutputStreamOperator setters', () => {
  it('change the operator in place and chain', () => {
    const stream = mapped();
    const same = stream
      .name('double')
      .uid('double-v1')
      .setMaxParallelism(64)
      .setParallelism(8)
      .slotSharingGroup('math')
      .disableChaining();
    assert.equal(same, stream);
    const t = stream.getTransformation();
    assert.deepEqual(
      [t.name, t.uid, t.parallelism, t.maxParallelism, t.slotSharingGroup, t.chainingStrategy],
      ['double', 'double-v1', 8, 64, 'math', 'NEVER'],
    );
    assert.equal(stream.getName(), 'double');
    assert.equal(stream.getParallelism(), 8);
    stream.startNewChain();
    assert.equal(t.chainingStrategy, 'HEAD');
    stream.setParallelism(-1);
    assert.equal(t.parallelism, -1);
  });

  it('returns() declares the output type', () => {
    const type = typeNamed<number>('INT');
    const stream = mapped().returns(type);
    assert.equal(stream.getType(), type);
    assert.throws(() => mapped().returns('number' as never), /returns\(\) expects a TypeInformation/);
  });

  const errors: { what: string; act: () => unknown; error: RegExp }[] = [
    { what: 'parallelism 0', act: () => mapped().setParallelism(0), error: /must be at least 1, or -1/ },
    { what: 'fractional parallelism', act: () => mapped().setParallelism(1.5), error: /must be at least 1/ },
    {
      what: 'parallelism above max parallelism',
      act: () => mapped().setMaxParallelism(4).setParallelism(5),
      error: /setParallelism\(5\) on "Map" \(id 2\): the parallelism is higher than the operator's max parallelism 4/,
    },
    {
      what: 'max parallelism below parallelism',
      act: () => mapped().setParallelism(8).setMaxParallelism(4),
      error: /parallelism 8 is higher/,
    },
    { what: 'max parallelism 0', act: () => mapped().setMaxParallelism(0), error: /must be at least 1/ },
    { what: 'max parallelism 2^15 + 1', act: () => mapped().setMaxParallelism(32769), error: /at most 32768/ },
    {
      what: 'empty name',
      act: () => mapped().name(''),
      error: /name\(\) of "Map" \(id 2\) must be a non-empty string/,
    },
    { what: 'empty slot sharing group', act: () => mapped().slotSharingGroup(''), error: /slotSharingGroup\(\)/ },
  ];
  for (const { what, act, error } of errors) {
    it(`rejects ${what}`, () => assert.throws(act, error));
  }
});

describe('SingleOutputStreamOperator.getSideOutput', () => {
  it('adds a side-output transformation and records the tag once', () => {
    const stream = mapped();
    const late = new OutputTag<string>('late');
    const a = stream.getSideOutput(late);
    const b = stream.getSideOutput(new OutputTag<string>('late'));
    const t = a.getTransformation() as SideOutputTransformation;
    assert.equal(t.kind, 'side-output');
    assert.equal(t.name, 'SideOutput');
    assert.equal(t.input, stream.getTransformation());
    assert.equal(t.tag, late);
    assert.notEqual(a.getId(), b.getId());
    assert.deepEqual(
      stream.getTransformation().sideOutputs.map((tag) => tag.id),
      ['late'],
    );
  });

  it('carries the tag type and rejects one id with two types', () => {
    const stream = mapped();
    const type = typeNamed<string>('STRING');
    assert.equal(stream.getSideOutput(new OutputTag('x', type)).getType(), type);
    assert.throws(
      () => stream.getSideOutput(new OutputTag('x', typeNamed<number>('INT'))),
      /OutputTag x is already used with type STRING, not INT/,
    );
    assert.throws(() => stream.getSideOutput('x' as never), /getSideOutput expects an OutputTag/);
  });
});
