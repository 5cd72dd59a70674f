// Whether a job can restore from a savepoint (or retained checkpoint), decided before any task starts, the way
// Flink's Checkpoints.loadAndValidateCheckpoint and StateAssignmentOperation decide it: every operator with state in
// the savepoint must exist in the new job (unless allowNonRestoredState), its max parallelism must not change, and
// each state the new job registers under an existing name must use the same key and value codec schema (Weir does
// not migrate state). Pure; called on the JobMaster thread.

import type { CheckpointMetadata, StateSchema } from './checkpoint-metadata.js';

/** What the new job declares per operator. */
export interface JobOperatorState {
  readonly operatorId: string;
  /** For messages: the operator's name in the job ("Window(TumblingEventTimeWindows…)"). */
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** False when the job left max parallelism at its default; the savepoint's value is then adopted, as in Flink. */
  readonly maxParallelismConfigured: boolean;
  readonly states: readonly StateSchema[];
}

export interface CompatibilityOptions {
  /** Flink's --allowNonRestoredState: state of operators missing from the new job is skipped instead of failing. */
  readonly allowNonRestoredState?: boolean;
}

export interface CompatibilityResult {
  /** Operator ids in the savepoint that the new job lacks and whose state is dropped (allowNonRestoredState). */
  readonly nonRestoredOperators: readonly string[];
  /** The max parallelism each restored operator must run with (the savepoint's, adopted when not configured). */
  readonly maxParallelism: ReadonlyMap<string, number>;
}

/** Throws an Error naming the operator and state on the first incompatibility; otherwise says how to restore. */
export function checkCompatibility(
  savepoint: CheckpointMetadata,
  job: readonly JobOperatorState[],
  options: CompatibilityOptions = {},
): CompatibilityResult {
  const byId = new Map(job.map((op) => [op.operatorId, op]));
  const nonRestoredOperators: string[] = [];
  const maxParallelism = new Map<string, number>();
  for (const saved of savepoint.operators) {
    const current = byId.get(saved.operatorId);
    if (current === undefined) {
      if (saved.subtasks.length === 0 && saved.states.length === 0) continue;
      if (options.allowNonRestoredState !== true) {
        throw new Error(
          `Cannot map ${savepoint.kind} ${savepoint.checkpointId} state for operator ${saved.operatorId} to the new ` +
            'job, because the operator is not in it. Give the operator the same uid as before, or restore with ' +
            'allowNonRestoredState (--allowNonRestoredState) to drop its state.',
        );
      }
      nonRestoredOperators.push(saved.operatorId);
      continue;
    }
    maxParallelism.set(saved.operatorId, checkMaxParallelism(saved.maxParallelism, current));
    for (const state of current.states) checkStateSchema(saved.operatorId, saved.states, state, current.name);
  }
  return { nonRestoredOperators, maxParallelism };
}

function checkMaxParallelism(savedMax: number, current: JobOperatorState): number {
  const where = `operator '${current.name}' (${current.operatorId})`;
  if (current.maxParallelismConfigured && current.maxParallelism !== savedMax) {
    throw new Error(
      `The max parallelism of ${where} changed from ${savedMax} in the savepoint to ${current.maxParallelism}; ` +
        `key groups cannot be redistributed. Set its max parallelism back to ${savedMax}.`,
    );
  }
  if (current.parallelism > savedMax) {
    throw new Error(
      `The parallelism ${current.parallelism} of ${where} exceeds the max parallelism ${savedMax} recorded in the ` +
        `savepoint; run it with a parallelism of at most ${savedMax}.`,
    );
  }
  return savedMax;
}

function checkStateSchema(
  operatorId: string,
  savedStates: readonly StateSchema[],
  state: StateSchema,
  operatorName: string,
): void {
  const saved = savedStates.find((s) => s.name === state.name);
  if (saved === undefined) return; // a new state starts empty
  const where = `state '${state.name}' of operator '${operatorName}' (${operatorId})`;
  if (saved.keySchema !== state.keySchema) {
    throw new Error(
      `The key type of ${where} changed: savepoint has ${saved.keySchema ?? 'no key (operator state)'}, the job ` +
        `has ${state.keySchema ?? 'no key (operator state)'}. Keep the key type, or give the state a new name.`,
    );
  }
  if (saved.valueSchema !== state.valueSchema) {
    throw new Error(
      `The value type of ${where} changed: savepoint has ${saved.valueSchema}, the job has ${state.valueSchema}. ` +
        'Weir does not migrate state: keep the type, or give the state a new name.',
    );
  }
}
