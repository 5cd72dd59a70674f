// graph/: turns the program's Transformations into a StreamGraph (one node per operator) and a JobGraph (operators
// chained into vertices by Flink's rules, with Flink-compatible operator ids and a structural fingerprint), and
// renders plans (Flink's /jobs/:jobid/plan JSON and the `weir info` tree).

export type { ChainableNode, ChainingView } from './chaining.js';
export { areOperatorsChainable, chainingViewOf, isChainable, isChainableInput } from './chaining.js';
export type { ChainedNode, JobEdge, JobGraph, JobVertex } from './job-graph.js';
export type { JobGraphOptions } from './job-graph-generator.js';
export { buildChains, chainedName, generateJobGraph } from './job-graph-generator.js';
export { generateOperatorIds } from './operator-id-hasher.js';
export type { FlinkJobPlan, FlinkPlanInput, FlinkPlanNode, JobPlanInfo, ShipStrategy } from './plan.js';
export { describePlan, jsonPlan, shipStrategyName } from './plan.js';
export { parseStreamEdgeId, streamEdgeId } from './stream-edge-id.js';
export type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js';
export type { StreamGraphOptions } from './stream-graph-generator.js';
export { generateStreamGraph, streamGraphOptionsFromConfig } from './stream-graph-generator.js';
