import type {
  ChainingStrategy,
  OneInputStreamOperator,
  TwoInputStreamOperator,
} from '../api/operators/stream-operator.js';
import { OutputTag } from '../api/output-tag.js';
import type { Sink } from '../api/sink/sink.js';
import type { Source, SourceSplit } from '../api/source/source.js';
import type {
  KeyFn,
  OneInputTransformation,
  PartitionerSpec,
  PartitionTransformation,
  SideOutputTransformation,
  SinkTransformation,
  SourceTransformation,
  Transformation,
  TransformationCommon,
  TwoInputTransformation,
  UnionTransformation,
} from '../api/transformations.js';

// Builds Transformation objects the way the DataStream API does (ids in creation order, -1 for unset parallelism),
// with factories that must never be called: graph tests look at structure only. Test helper, not public API.

export interface TestSettings {
  readonly name?: string;
  readonly uid?: string;
  readonly parallelism?: number;
  readonly maxParallelism?: number;
  readonly slotSharingGroup?: string;
  readonly chainingStrategy?: ChainingStrategy;
}

const identityKey: KeyFn = (value) => value;

function notCalled(what: string): never {
  throw new Error(`${what} is a graph-test dummy and must not run`);
}

const dummySource: Source<unknown, SourceSplit, unknown> = {
  getBoundedness: () => 'BOUNDED',
  createReader: () => notCalled('source reader'),
  createEnumerator: () => notCalled('split enumerator'),
  restoreEnumerator: () => notCalled('split enumerator'),
};

const dummySink: Sink<unknown, unknown> = { createWriter: () => notCalled('sink writer') };

export class TestingTransformations {
  /** Every transformation created, in creation order (what a Pipeline carries). */
  readonly all: Transformation[] = [];
  private nextId = 1;

  source(name = 'numbers', settings: TestSettings = {}): SourceTransformation {
    return this.add({ kind: 'source', source: dummySource, watermarkStrategy: undefined }, name, 'HEAD', settings);
  }

  /** A one-input operator (map, filter, process...); keyed when its input is a keyBy. */
  map(input: Transformation, name = 'Map', settings: TestSettings = {}): OneInputTransformation {
    const keyed = input.kind === 'partition' && input.partitioner.kind === 'hash';
    return this.add(
      {
        kind: 'one-input',
        input,
        operatorFactory: () => notCalled('operator') as OneInputStreamOperator<unknown, unknown>,
        keySelector: keyed ? identityKey : undefined,
        keyType: undefined,
      },
      name,
      'ALWAYS',
      settings,
    );
  }

  keyBy(input: Transformation): PartitionTransformation {
    return this.partition(input, { kind: 'hash', keySelector: identityKey });
  }

  partition(input: Transformation, partitioner: PartitionerSpec): PartitionTransformation {
    return this.add({ kind: 'partition', input, partitioner }, 'Partition', 'ALWAYS', {});
  }

  union(...inputs: Transformation[]): UnionTransformation {
    return this.add({ kind: 'union', inputs }, 'Union', 'ALWAYS', {});
  }

  connect(
    input1: Transformation,
    input2: Transformation,
    name = 'Co-Map',
    settings: TestSettings = {},
  ): TwoInputTransformation {
    return this.add(
      {
        kind: 'two-input',
        input1,
        input2,
        operatorFactory: () => notCalled('operator') as TwoInputStreamOperator<unknown, unknown, unknown>,
        keySelector1: undefined,
        keySelector2: undefined,
        keyType: undefined,
      },
      name,
      'ALWAYS',
      settings,
    );
  }

  sideOutput(input: Transformation, tagId: string): SideOutputTransformation {
    return this.add({ kind: 'side-output', input, tag: new OutputTag<unknown>(tagId) }, tagId, 'ALWAYS', {});
  }

  sink(input: Transformation, name = 'Print to Std. Out', settings: TestSettings = {}): SinkTransformation {
    return this.add({ kind: 'sink', input, sink: dummySink }, name, 'ALWAYS', settings);
  }

  private add<K extends Transformation>(
    specific: Omit<K, keyof TransformationCommon>,
    name: string,
    chainingStrategy: ChainingStrategy,
    settings: TestSettings,
  ): K {
    const common: TransformationCommon = {
      id: this.nextId++,
      name: settings.name ?? name,
      uid: settings.uid,
      parallelism: settings.parallelism ?? -1,
      maxParallelism: settings.maxParallelism ?? -1,
      slotSharingGroup: settings.slotSharingGroup,
      chainingStrategy: settings.chainingStrategy ?? chainingStrategy,
      outputType: undefined,
      sideOutputs: [],
    };
    const t = { ...common, ...specific } as K;
    this.all.push(t);
    return t;
  }
}
