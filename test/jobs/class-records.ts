// Class instances crossing an exchange (keyBy between slots): rejected with a clear error unless registered, and
// registered ones keep their prototype on the other side. Argument: "register" or "plain".
import { registerType, StreamExecutionEnvironment } from 'weir';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.abs(this.x) + Math.abs(this.y);
  }
}

if (process.argv[2] === 'register') registerType(Point, 'test.Point');

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 20)
  .map((i) => new Point(i, -i))
  .keyBy((p) => p.x % 3)
  .map((p) => `${p instanceof Point} ${p.norm()}`)
  .print();
await env.execute('class records');
