import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import type { SourceTransformation } from '../transformations.js';
import { SingleOutputStreamOperator } from './index.js';

/**
 * The stream a source produces (Flink's DataStreamSource). Collection sources are non-parallel: their
 * parallelism stays 1 and setting anything else fails, as in Flink.
 */
export class DataStreamSource<T> extends SingleOutputStreamOperator<T> {
  constructor(
    environment: StreamExecutionEnvironment,
    transformation: SourceTransformation,
    private readonly parallel: boolean,
  ) {
    super(environment, transformation);
  }

  protected override isParallel(): boolean {
    return this.parallel;
  }
}
