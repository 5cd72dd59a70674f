// Weir's public entry: the DataStream API, record types and time, with the embedded MiniCluster registered as the
// executor for programs that call execute() on their own (`node job.js`). `weir run` sets its own executor first.
import { setDefaultPipelineExecutorFactory } from './api/execution/pipeline-executor.js';
import { miniClusterRest } from './rest/mini-cluster-rest.js';
import { MiniClusterExecutor } from './runtime/client/mini-cluster-executor.js';

export * from './api/index.js';
export * from './connectors/file/index.js';
export { Duration, MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from './core/time.js';
export * from './core/types/index.js';
export { JobExecutionError } from './runtime/client/mini-cluster-executor.js';

setDefaultPipelineExecutorFactory(() => new MiniClusterExecutor(miniClusterRest()));
