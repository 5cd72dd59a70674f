// Event time: watermark strategies, generators and timestamp assigners (Flink's api.common.eventtime). A strategy
// goes to env.fromSource(...) (per-split watermarks inside the source) or stream.assignTimestampsAndWatermarks().

export {
  AscendingTimestampsWatermarks,
  BoundedOutOfOrdernessWatermarks,
} from './bounded-out-of-orderness-watermarks.js';
export { NoWatermarksGenerator } from './no-watermarks-generator.js';
export {
  RecordTimestampAssigner,
  type TimestampAssigner,
  type TimestampAssignerFunction,
} from './timestamp-assigner.js';
export type {
  RelativeClock,
  WatermarkGenerator,
  WatermarkGeneratorContext,
  WatermarkGeneratorSupplier,
} from './watermark-generator.js';
export type { WatermarkOutput } from './watermark-output.js';
export { WatermarkOutputMultiplexer } from './watermark-output-multiplexer.js';
export { isWatermarkStrategy, WatermarkStrategy } from './watermark-strategy.js';
export { IdlenessTimer, WatermarksWithIdleness } from './watermarks-with-idleness.js';
