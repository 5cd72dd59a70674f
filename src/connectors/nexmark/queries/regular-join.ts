import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedCoProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ListStateDescriptor } from '../../../api/state/descriptors.js';
import type { ListState } from '../../../api/state/state.js';

// Flink SQL's regular (unbounded) inner join of two insert-only inputs, on a stream keyed by the equi-join key:
// both sides are kept in keyed state forever (the SQL has no state TTL here), and each arriving row is matched
// against every row the other side holds for its key. `combine` is the residual predicate and the projection in
// one: it returns the joined row, or undefined when the pair fails the predicate. Output is insert-only. Rows with
// equal keys are matched in arrival order (ListState keeps insertion order), which the updating queries built on
// this join rely on for their tie-breaks. Called on the task thread only, one record at a time.

/** Joins each pair of rows of the same key; undefined drops the pair (a non-equi predicate such as a time range). */
export type JoinCombiner<L, R, O> = (left: L, right: R) => O | undefined;

export class RegularInnerJoin<K, L, R, O> extends KeyedCoProcessFunction<K, L, R, O> {
  private lefts!: ListState<L>;
  private rights!: ListState<R>;

  constructor(private readonly combine: JoinCombiner<L, R, O>) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.lefts = context.getListState(new ListStateDescriptor<L>('join-left'));
    this.rights = context.getListState(new ListStateDescriptor<R>('join-right'));
  }

  processElement1(left: L, _ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void {
    const combine = this.combine;
    for (const right of this.rights.get()) {
      const joined = combine(left, right);
      if (joined !== undefined) out.collect(joined);
    }
    this.lefts.add(left);
  }

  processElement2(right: R, _ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void {
    const combine = this.combine;
    for (const left of this.lefts.get()) {
      const joined = combine(left, right);
      if (joined !== undefined) out.collect(joined);
    }
    this.rights.add(right);
  }
}
