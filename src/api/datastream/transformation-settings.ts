import { UPPER_BOUND_MAX_PARALLELISM } from '../../core/key-group.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import { describeValue } from '../functions/normalize.js';
import type { ChainingStrategy } from '../operators/stream-operator.js';
import type { TransformationCommon } from '../transformations.js';

// The settings every transformation carries, and the checks on them shared by SingleOutputStreamOperator,
// DataStreamSource and DataStreamSink (Flink's OperatorValidationUtils). Called while the program builds its
// pipeline, on the client and again in every worker that re-runs the job module.

/** Flink's ExecutionConfig.PARALLELISM_DEFAULT: use the environment's parallelism. */
export const PARALLELISM_DEFAULT = -1;

/** The settings of a new transformation, in one fixed field order (every transformation object has one shape). */
export function commonSettings(
  id: number,
  name: string,
  parallelism: number,
  outputType: TypeInformation<unknown> | undefined,
  chainingStrategy: ChainingStrategy = 'ALWAYS',
): TransformationCommon {
  return {
    id,
    name,
    uid: undefined,
    parallelism,
    maxParallelism: PARALLELISM_DEFAULT,
    slotSharingGroup: undefined,
    chainingStrategy,
    outputType,
    sideOutputs: [],
  };
}

/** What an error message calls the operator: its name and id, e.g. `"Map" (id 3)`. */
export function describeOperator(t: TransformationCommon): string {
  return `"${t.name}" (id ${t.id})`;
}

export function checkNonEmptyString(value: string, what: string, example: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, e.g. ${example}; got ${describeValue(value)}`);
  }
  return value;
}

/** setParallelism: at least 1 or PARALLELISM_DEFAULT (-1); 1 for a non-parallel operator; within max parallelism. */
export function applyParallelism(t: TransformationCommon, parallelism: number, canBeParallel: boolean): void {
  const where = `setParallelism(${String(parallelism)}) on ${describeOperator(t)}`;
  if (!Number.isInteger(parallelism) || (parallelism < 1 && parallelism !== PARALLELISM_DEFAULT)) {
    throw new RangeError(
      `${where}: the parallelism of an operator must be at least 1, or -1 to use the environment's default`,
    );
  }
  if (!canBeParallel && parallelism !== 1) {
    throw new RangeError(
      `${where}: The parallelism of non parallel operator must be 1. Collection sources (fromData, fromElements, ` +
        'fromCollection) always run with parallelism 1; rebalance() after them to spread the records.',
    );
  }
  if (parallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw new RangeError(`${where}: the parallelism can be at most ${UPPER_BOUND_MAX_PARALLELISM}`);
  }
  if (t.maxParallelism > 0 && parallelism > t.maxParallelism) {
    throw new RangeError(
      `${where}: the parallelism is higher than the operator's max parallelism ${t.maxParallelism}; raise ` +
        'setMaxParallelism() first or lower the parallelism',
    );
  }
  t.parallelism = parallelism;
}

/** setMaxParallelism: 1..32768, 1 for a non-parallel operator, not below an explicit parallelism. */
export function applyMaxParallelism(t: TransformationCommon, maxParallelism: number, canBeParallel: boolean): void {
  const where = `setMaxParallelism(${String(maxParallelism)}) on ${describeOperator(t)}`;
  if (!Number.isInteger(maxParallelism) || maxParallelism < 1) {
    throw new RangeError(`${where}: The maximum parallelism must be at least 1.`);
  }
  if (maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw new RangeError(`${where}: The maximum parallelism can be at most ${UPPER_BOUND_MAX_PARALLELISM}.`);
  }
  if (!canBeParallel && maxParallelism !== 1) {
    throw new RangeError(`${where}: The maximum parallelism of non parallel operator must be 1.`);
  }
  if (t.parallelism > maxParallelism) {
    throw new RangeError(
      `${where}: the operator's parallelism ${t.parallelism} is higher; the max parallelism must be at least the ` +
        'parallelism',
    );
  }
  t.maxParallelism = maxParallelism;
}

export function applyName(t: TransformationCommon, name: string): void {
  t.name = checkNonEmptyString(name, `name() of ${describeOperator(t)}`, "'parse bids'");
}

/** uid(): pins the operator's id (and its state) across program versions; must be unique within the job. */
export function applyUid(t: TransformationCommon, uid: string): void {
  t.uid = checkNonEmptyString(uid, `uid() of ${describeOperator(t)}`, "'bid-parser-v1'");
}

export function applySlotSharingGroup(t: TransformationCommon, group: string): void {
  t.slotSharingGroup = checkNonEmptyString(group, `slotSharingGroup() of ${describeOperator(t)}`, "'heavy'");
}
