import type { TypeInformation } from '../core/types/type-information.js';
import type { PartitionerFunction } from './functions/functions.js';
import type {
  ChainingStrategy,
  OneInputStreamOperator,
  OperatorFactory,
  TwoInputStreamOperator,
} from './operators/stream-operator.js';
import type { OutputTag } from './output-tag.js';
import type { Sink } from './sink/sink.js';
import type { Source, SourceSplit } from './source/source.js';

// The logical plan a program builds (Flink's Transformation tree). The DataStream API creates these; graph/ turns
// them into a StreamGraph and a JobGraph. Ids are assigned in creation order per environment, so re-running the
// job module in a worker yields the same ids (ARCHITECTURE §3); uid() pins an operator across program versions.

/** A key selector after normalisation: a plain function of the record. */
export type KeyFn = (value: unknown) => unknown;

export type PartitionerSpec =
  | { readonly kind: 'forward' }
  | { readonly kind: 'rebalance' }
  | { readonly kind: 'rescale' }
  | { readonly kind: 'shuffle' }
  | { readonly kind: 'broadcast' }
  | { readonly kind: 'global' }
  | { readonly kind: 'hash'; readonly keySelector: KeyFn; readonly keyType?: TypeInformation<unknown> }
  | { readonly kind: 'custom'; readonly keySelector: KeyFn; readonly partitioner: PartitionerFunction<unknown> };

export type PartitionerKind = PartitionerSpec['kind'];

/** Settings every transformation has; mutable until the graph is built (name(), setParallelism(), ...). */
export interface TransformationCommon {
  readonly id: number;
  name: string;
  uid: string | undefined;
  /** -1: the environment's default parallelism. */
  parallelism: number;
  /** -1: computed as Flink computes it. */
  maxParallelism: number;
  /** undefined: inherit from the inputs ('default' when they differ or there are none). */
  slotSharingGroup: string | undefined;
  chainingStrategy: ChainingStrategy;
  /** Declared record type of the output; without it exchanges use the general codec. */
  outputType: TypeInformation<unknown> | undefined;
  /** Names of side outputs this operator emits (for the plan). */
  readonly sideOutputs: OutputTag<unknown>[];
}

export interface SourceTransformation extends TransformationCommon {
  readonly kind: 'source';
  readonly source: Source<unknown, SourceSplit, unknown>;
  /** Set when the source was given a WatermarkStrategy in fromSource (event time work). */
  readonly watermarkStrategy: unknown;
}

export interface OneInputTransformation extends TransformationCommon {
  readonly kind: 'one-input';
  readonly input: Transformation;
  readonly operatorFactory: OperatorFactory<OneInputStreamOperator<unknown, unknown>>;
  /** Present when the input is keyed: the runtime sets the current key from it before each record. */
  readonly keySelector: KeyFn | undefined;
  readonly keyType: TypeInformation<unknown> | undefined;
}

export interface TwoInputTransformation extends TransformationCommon {
  readonly kind: 'two-input';
  readonly input1: Transformation;
  readonly input2: Transformation;
  readonly operatorFactory: OperatorFactory<TwoInputStreamOperator<unknown, unknown, unknown>>;
  readonly keySelector1: KeyFn | undefined;
  readonly keySelector2: KeyFn | undefined;
  readonly keyType: TypeInformation<unknown> | undefined;
}

export interface UnionTransformation extends TransformationCommon {
  readonly kind: 'union';
  readonly inputs: readonly Transformation[];
}

export interface PartitionTransformation extends TransformationCommon {
  readonly kind: 'partition';
  readonly input: Transformation;
  readonly partitioner: PartitionerSpec;
}

export interface SideOutputTransformation extends TransformationCommon {
  readonly kind: 'side-output';
  readonly input: Transformation;
  readonly tag: OutputTag<unknown>;
}

export interface SinkTransformation extends TransformationCommon {
  readonly kind: 'sink';
  readonly input: Transformation;
  readonly sink: Sink<unknown, unknown, unknown>;
}

export type Transformation =
  | SourceTransformation
  | OneInputTransformation
  | TwoInputTransformation
  | UnionTransformation
  | PartitionTransformation
  | SideOutputTransformation
  | SinkTransformation;

/** Inputs of a transformation, in input order. */
export function inputsOf(t: Transformation): readonly Transformation[] {
  switch (t.kind) {
    case 'source':
      return [];
    case 'one-input':
    case 'partition':
    case 'side-output':
    case 'sink':
      return [t.input];
    case 'two-input':
      return [t.input1, t.input2];
    case 'union':
      return t.inputs;
    default: {
      const never: never = t;
      throw new Error(`unknown transformation ${(never as Transformation).kind}`);
    }
  }
}
