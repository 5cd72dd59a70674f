// The broadcast state pattern: a low-rate stream of rules (a limit per category) is broadcast to every subtask of
// a keyed stream of purchases. A purchase over its category's limit raises an alert. Rules and purchases race (as
// in Flink, nothing orders the two inputs), so a purchase whose rule has not arrived waits in keyed state, and a
// new rule visits every waiting purchase with applyToKeyedState: the alerts do not depend on the interleaving.
import {
  type Collector,
  type KeyedBroadcastContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  type ListState,
  ListStateDescriptor,
  MapStateDescriptor,
  type RuntimeContext,
  StreamExecutionEnvironment,
} from 'weir';

interface Rule {
  readonly category: string;
  readonly limit: number;
}

interface Purchase {
  readonly user: string;
  readonly category: string;
  readonly amount: number;
}

const RULES = new MapStateDescriptor<string, number>('limits');
const WAITING = new ListStateDescriptor<Purchase>('waiting');

function check(p: Purchase, limit: number, out: Collector<string>): void {
  if (p.amount > limit) out.collect(`alert:${p.user}:${p.category}:${p.amount}>${limit}`);
}

class LimitCheck extends KeyedBroadcastProcessFunction<string, Purchase, Rule, string> {
  private waiting!: ListState<Purchase>;

  override open(context: RuntimeContext): void {
    this.waiting = context.getListState(WAITING);
  }

  processElement(p: Purchase, ctx: KeyedBroadcastReadOnlyContext<string>, out: Collector<string>): void {
    const limit = ctx.getBroadcastState(RULES).get(p.category);
    if (limit === undefined) this.waiting.add(p);
    else check(p, limit, out);
  }

  processBroadcastElement(rule: Rule, ctx: KeyedBroadcastContext<string>, out: Collector<string>): void {
    ctx.getBroadcastState(RULES).put(rule.category, rule.limit);
    ctx.applyToKeyedState(WAITING, (_user, state) => {
      const still: Purchase[] = [];
      for (const p of state.get()) {
        if (p.category === rule.category) check(p, rule.limit, out);
        else still.push(p);
      }
      state.update(still);
    });
  }
}

const purchases: Purchase[] = [
  { user: 'ann', category: 'books', amount: 30 },
  { user: 'bob', category: 'games', amount: 70 },
  { user: 'cid', category: 'books', amount: 55 },
  { user: 'ann', category: 'games', amount: 45 },
  { user: 'dee', category: 'food', amount: 500 },
  { user: 'bob', category: 'books', amount: 51 },
  { user: 'cid', category: 'games', amount: 20 },
  { user: 'eve', category: 'games', amount: 61 },
];

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const rules = env.fromData<Rule>({ category: 'books', limit: 50 }, { category: 'games', limit: 60 }).broadcast(RULES);
env
  .fromCollection(purchases)
  .keyBy((p) => p.user)
  .connect(rules)
  .process(new LimitCheck())
  .print();
await env.execute('broadcast state');
