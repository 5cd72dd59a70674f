import type {
  CoProcessFunction,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  ProcessFunction,
} from '../api/functions/process-functions.js';
import { CoProcessOperator } from '../api/operators/co-process-operator.js';
import { KeyedCoProcessOperator } from '../api/operators/keyed-co-process-operator.js';
import { KeyedProcessOperator } from '../api/operators/keyed-process-operator.js';
import { ProcessOperator } from '../api/operators/process-operator.js';
import {
  KeyedOneInputOperatorTestHarness,
  OneInputOperatorTestHarness,
  type OperatorTestHarnessOptions,
  TwoInputOperatorTestHarness,
} from './operator-test-harness.js';

// Flink's ProcessFunctionTestHarnesses: a process function wrapped in the operator the DataStream API would use,
// in a harness that is already open. Each call makes a fresh operator, state backend and clock.

/** A keyed process function's harness (Flink's KeyedProcessFunctionTestHarness). */
export type KeyedProcessFunctionTestHarness<K, IN, OUT> = KeyedOneInputOperatorTestHarness<K, IN, OUT>;

export const ProcessFunctionTestHarnesses = {
  /** A ProcessFunction on a non-keyed stream. */
  forProcessFunction<IN, OUT>(
    fn: ProcessFunction<IN, OUT>,
    options: OperatorTestHarnessOptions = {},
  ): OneInputOperatorTestHarness<IN, OUT> {
    return new OneInputOperatorTestHarness<IN, OUT>(new ProcessOperator<IN, OUT>(fn), { ...options, open: true });
  },

  /** A KeyedProcessFunction after keyBy(keySelector): keyed state and timers per key. */
  forKeyedProcessFunction<K, IN, OUT>(
    fn: KeyedProcessFunction<K, IN, OUT>,
    keySelector: (value: IN) => K,
    options: OperatorTestHarnessOptions = {},
  ): KeyedProcessFunctionTestHarness<K, IN, OUT> {
    return new KeyedOneInputOperatorTestHarness<K, IN, OUT>(new KeyedProcessOperator<K, IN, OUT>(fn), keySelector, {
      ...options,
      open: true,
    });
  },

  /** A CoProcessFunction on connected, non-keyed streams. */
  forCoProcessFunction<IN1, IN2, OUT>(
    fn: CoProcessFunction<IN1, IN2, OUT>,
    options: OperatorTestHarnessOptions = {},
  ): TwoInputOperatorTestHarness<IN1, IN2, OUT> {
    return new TwoInputOperatorTestHarness<IN1, IN2, OUT>(new CoProcessOperator<IN1, IN2, OUT>(fn), {
      ...options,
      open: true,
    });
  },

  /** A KeyedCoProcessFunction on two streams keyed by the same key type. */
  forKeyedCoProcessFunction<K, IN1, IN2, OUT>(
    fn: KeyedCoProcessFunction<K, IN1, IN2, OUT>,
    keySelector1: (value: IN1) => K,
    keySelector2: (value: IN2) => K,
    options: OperatorTestHarnessOptions = {},
  ): TwoInputOperatorTestHarness<IN1, IN2, OUT> {
    return new TwoInputOperatorTestHarness<IN1, IN2, OUT>(new KeyedCoProcessOperator<K, IN1, IN2, OUT>(fn), {
      ...options,
      keySelector1,
      keySelector2,
      open: true,
    });
  },
} as const;
