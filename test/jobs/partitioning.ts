// Every partitioner, observed: each branch sends the numbers 1..40 through one kind of exchange into a function
// that prints "<kind>:<value>@<subtask>" (or "<kind>:<value>:<from>-><to>"), so the test can check where each
// record went: broadcast to every subtask, global to subtask 0, custom where the partitioner says, rescale only to
// the downstream subtasks of the upstream's local group, forward to the subtask with the same index.
import {
  type Collector,
  type DataStream,
  ProcessFunction,
  type ProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
} from 'weir';

/** Prints each record with the index of the subtask that received it. */
class WhereAmI<T> extends ProcessFunction<T, string> {
  private subtask = -1;
  constructor(private readonly kind: string) {
    super();
  }
  override open(context: RuntimeContext): void {
    this.subtask = context.getIndexOfThisSubtask();
  }
  processElement(value: T, _ctx: ProcessFunctionContext, out: Collector<string>): void {
    out.collect(`${this.kind}:${String(value)}@${this.subtask}`);
  }
}

/** Tags each number with the subtask that forwarded it: "n:from". */
class Tag extends ProcessFunction<number, string> {
  private subtask = -1;
  override open(context: RuntimeContext): void {
    this.subtask = context.getIndexOfThisSubtask();
  }
  processElement(n: number, _ctx: ProcessFunctionContext, out: Collector<string>): void {
    out.collect(`${n}:${this.subtask}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const numbers = env.fromSequence(1, 40);
function observe<T>(stream: DataStream<T>, kind: string): void {
  stream.process(new WhereAmI<T>(kind)).name(`observe ${kind}`).print();
}

observe(numbers.rebalance(), 'rebalance');
observe(numbers.shuffle(), 'shuffle');
observe(numbers.broadcast(), 'broadcast');
observe(numbers.global(), 'global');
observe(
  numbers.partitionCustom(
    (key: number, partitions: number) => key % partitions,
    (n) => n,
  ),
  'custom',
);

// rescale from 2 subtasks to the default parallelism: upstream 0 feeds the first half, upstream 1 the second.
const tagged = numbers.rebalance().process(new Tag()).setParallelism(2);
observe(tagged.rescale(), 'rescale');
// forward between chains (the observer refuses to chain): subtask i feeds subtask i.
const forwarded = numbers.rebalance().process(new Tag());
forwarded.forward().process(new WhereAmI<string>('forward')).disableChaining().print();

await env.execute('partitioning');
