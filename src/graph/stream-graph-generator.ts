import type { OutputTag } from '../api/output-tag.js';
import type { PartitionerSpec, Transformation } from '../api/transformations.js';
import { checkParallelismPreconditions, computeDefaultMaxParallelism } from '../core/key-group.js';
import { generateOperatorIds } from './operator-id-hasher.js';
import { streamEdgeId } from './stream-edge-id.js';
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js';

// Transformations → StreamGraph, as Flink's StreamGraphGenerator does it. Like Flink, it translates the operators the
// program added to its environment (one-input, two-input and sink transformations, in list order) and, recursively,
// their inputs; a source nothing reads from is left out, and a program with no operators is an error. Partition,
// union and side-output transformations add no node: they shape the edges (partitioner, side-output tag, several
// edges into one input). Runs on the client and again in each worker that rebuilds the graph; pure and synchronous.

export interface StreamGraphOptions {
  readonly jobName: string;
  /** parallelism.default: used for transformations whose parallelism is -1. */
  readonly defaultParallelism: number;
  /** pipeline.max-parallelism; unset: computed per operator as Flink computes it. */
  readonly defaultMaxParallelism?: number;
  /** pipeline.operator-chaining.enabled (default true). */
  readonly chainingEnabled?: boolean;
  /** pipeline.operator-chaining.chain-operators-with-different-max-parallelism (default true). */
  readonly chainOperatorsWithDifferentMaxParallelism?: boolean;
}

const DEFAULT_SLOT_SHARING_GROUP = 'default';

type PhysicalTransformation = Transformation & { kind: StreamNode['transformation']['kind'] };

/** A StreamNode before its operator id is known (ids hash the finished graph). */
type DraftNode = Omit<StreamNode, 'operatorId'>;

/** Where a translated transformation's records come from: a real node plus what virtual nodes added on the way. */
interface Endpoint {
  readonly nodeId: number;
  readonly partitioner: PartitionerSpec | undefined;
  readonly tag: OutputTag<unknown> | undefined;
}

export function generateStreamGraph(
  transformations: readonly Transformation[],
  options: StreamGraphOptions,
): StreamGraph {
  checkParallelismPreconditions(options.defaultParallelism, 'parallelism.default');
  if (options.defaultMaxParallelism !== undefined) {
    checkParallelismPreconditions(options.defaultMaxParallelism, 'pipeline.max-parallelism');
  }
  const operators = transformations.filter(
    (t) => t.kind === 'one-input' || t.kind === 'two-input' || t.kind === 'sink',
  );
  if (operators.length === 0) {
    throw new Error(
      'No operators defined in streaming topology. Cannot execute. Add a sink (e.g. stream.print() or sinkTo()) ' +
        'or another operation after your sources.',
    );
  }
  const generator = new Generator(options);
  for (const t of operators) generator.translate(t);
  return generator.finish();
}

/** Reads the StreamGraph options from Flink configuration keys; `fallbackParallelism` when parallelism.default is unset. */
export function streamGraphOptionsFromConfig(
  jobName: string,
  config: Readonly<Record<string, string>>,
  fallbackParallelism: number,
): StreamGraphOptions {
  const maxParallelism = config['pipeline.max-parallelism'];
  return {
    jobName,
    defaultParallelism: readInt(config, 'parallelism.default') ?? fallbackParallelism,
    defaultMaxParallelism:
      maxParallelism === undefined || maxParallelism === '-1' ? undefined : readInt(config, 'pipeline.max-parallelism'),
    chainingEnabled:
      readBool(config, 'pipeline.operator-chaining.enabled') ?? readBool(config, 'pipeline.operator-chaining') ?? true,
    chainOperatorsWithDifferentMaxParallelism:
      readBool(config, 'pipeline.operator-chaining.chain-operators-with-different-max-parallelism') ?? true,
  };
}

class Generator {
  private readonly nodes = new Map<number, DraftNode>();
  private readonly edges: StreamEdge[] = [];
  private readonly translated = new Map<number, { t: Transformation; endpoints: readonly Endpoint[] }>();

  constructor(private readonly options: StreamGraphOptions) {}

  translate(t: Transformation): readonly Endpoint[] {
    const done = this.translated.get(t.id);
    if (done !== undefined) {
      if (done.t !== t) {
        throw new Error(
          `Two transformations share id ${t.id} ("${done.t.name}" and "${t.name}"); ids must be unique per ` +
            'environment. Build each pipeline through one StreamExecutionEnvironment.',
        );
      }
      return done.endpoints;
    }
    const endpoints = this.translateNew(t);
    this.translated.set(t.id, { t, endpoints });
    return endpoints;
  }

  private translateNew(t: Transformation): readonly Endpoint[] {
    switch (t.kind) {
      case 'source':
        return [this.addNode(t, [])];
      case 'one-input':
      case 'sink':
        return [this.addNode(t, [this.translate(t.input)])];
      case 'two-input':
        return [this.addNode(t, [this.translate(t.input1), this.translate(t.input2)])];
      case 'union':
        return t.inputs.flatMap((input) => this.translate(input));
      case 'partition':
        // The partitioning closest to the consumer wins, as when Flink resolves nested virtual nodes.
        return this.translate(t.input).map((e) => ({ ...e, partitioner: t.partitioner }));
      case 'side-output':
        return this.translate(t.input).map((e) => ({ ...e, tag: t.tag }));
      default: {
        const never: never = t;
        throw new Error(`Unknown transformation kind '${(never as Transformation).kind}'`);
      }
    }
  }

  /** Adds the node, then one edge per input endpoint; `inputs[i]` feeds input i + 1. */
  private addNode(t: PhysicalTransformation, inputs: readonly (readonly Endpoint[])[]): Endpoint {
    const parallelism = this.parallelismOf(t);
    const { maxParallelism, configured } = this.maxParallelismOf(t, parallelism);
    const node: DraftNode = {
      id: t.id,
      transformation: t,
      name: operatorName(t),
      parallelism,
      maxParallelism,
      maxParallelismConfigured: configured,
      slotSharingGroup: t.slotSharingGroup ?? this.inheritedSlotSharingGroup(inputs.flat()),
      chainingStrategy: t.chainingStrategy,
      outputType: t.outputType,
      inEdges: [],
      outEdges: [],
    };
    this.nodes.set(t.id, node);
    inputs.forEach((endpoints, i) => {
      for (const endpoint of endpoints) this.addEdge(endpoint, node, i === 0 ? 1 : 2);
    });
    return { nodeId: t.id, partitioner: undefined, tag: undefined };
  }

  private addEdge(from: Endpoint, target: DraftNode, inputIndex: 1 | 2): void {
    const upstream = this.nodes.get(from.nodeId)!;
    const partitioner: PartitionerSpec =
      from.partitioner ?? (upstream.parallelism === target.parallelism ? { kind: 'forward' } : { kind: 'rebalance' });
    if (partitioner.kind === 'forward' && upstream.parallelism !== target.parallelism) {
      throw new Error(
        `Forward partitioning does not allow change of parallelism. Upstream operation: ${describe(upstream)} ` +
          `parallelism: ${upstream.parallelism}, downstream operation: ${describe(target)} parallelism: ` +
          `${target.parallelism}. You must use another partitioning strategy, such as broadcast, rebalance, ` +
          'shuffle or global (or give both operators the same parallelism).',
      );
    }
    let index = 0;
    for (const e of upstream.outEdges) if (e.targetId === target.id) index++;
    const edge: StreamEdge = {
      id: streamEdgeId(upstream.id, target.id, index),
      sourceId: upstream.id,
      targetId: target.id,
      partitioner,
      inputIndex,
      sideOutputTag: from.tag?.id,
      type: from.tag !== undefined ? from.tag.type : upstream.outputType,
    };
    upstream.outEdges.push(edge);
    target.inEdges.push(edge);
    this.edges.push(edge);
  }

  private parallelismOf(t: PhysicalTransformation): number {
    if (t.parallelism === -1) return this.options.defaultParallelism;
    checkParallelismPreconditions(t.parallelism, `parallelism of operator ${describeTransformation(t)}`);
    return t.parallelism;
  }

  /** Explicit, else pipeline.max-parallelism, else Flink's default from the parallelism (what the scheduler uses). */
  private maxParallelismOf(
    t: PhysicalTransformation,
    parallelism: number,
  ): { maxParallelism: number; configured: boolean } {
    let maxParallelism: number;
    let configured = true;
    if (t.maxParallelism !== -1) {
      checkParallelismPreconditions(t.maxParallelism, `maxParallelism of operator ${describeTransformation(t)}`);
      maxParallelism = t.maxParallelism;
    } else if (this.options.defaultMaxParallelism !== undefined) {
      maxParallelism = this.options.defaultMaxParallelism;
    } else {
      maxParallelism = computeDefaultMaxParallelism(parallelism);
      configured = false;
    }
    if (parallelism > maxParallelism) {
      throw new RangeError(
        `Operator ${describeTransformation(t)} has parallelism ${parallelism}, higher than its max parallelism ` +
          `${maxParallelism}. Lower the parallelism or raise the max parallelism (setMaxParallelism() or ` +
          'pipeline.max-parallelism).',
      );
    }
    return { maxParallelism, configured };
  }

  /** Flink's rule: the group all inputs share, else 'default'. */
  private inheritedSlotSharingGroup(inputs: readonly Endpoint[]): string {
    let group: string | undefined;
    for (const input of inputs) {
      const candidate = this.nodes.get(input.nodeId)!.slotSharingGroup;
      if (group === undefined) group = candidate;
      else if (group !== candidate) return DEFAULT_SLOT_SHARING_GROUP;
    }
    return group ?? DEFAULT_SLOT_SHARING_GROUP;
  }

  finish(): StreamGraph {
    const chainingEnabled = this.options.chainingEnabled ?? true;
    const chainOperatorsWithDifferentMaxParallelism = this.options.chainOperatorsWithDifferentMaxParallelism ?? true;
    const ids = generateOperatorIds({
      nodes: this.nodes,
      chainingEnabled,
      chainOperatorsWithDifferentMaxParallelism,
      node: (id) => this.nodes.get(id)!,
    });
    const nodes = new Map<number, StreamNode>();
    for (const [id, draft] of this.nodes) nodes.set(id, { ...draft, operatorId: ids.get(id)! });
    return {
      jobName: this.options.jobName,
      nodes,
      edges: this.edges,
      chainingEnabled,
      chainOperatorsWithDifferentMaxParallelism,
    };
  }
}

/** Flink's operator names: sources and sinks carry a prefix ("Source: numbers", "Sink: Print to Std. Out"). */
function operatorName(t: PhysicalTransformation): string {
  switch (t.kind) {
    case 'source':
      return `Source: ${t.name}`;
    case 'sink':
      return `Sink: ${t.name}`;
    case 'one-input':
    case 'two-input':
      return t.name;
    default: {
      const never: never = t;
      throw new Error(`Unknown transformation kind '${(never as Transformation).kind}'`);
    }
  }
}

/** Flink's StreamNode.toString(): name-id. */
function describe(node: DraftNode): string {
  return `${node.name}-${node.id}`;
}

function describeTransformation(t: PhysicalTransformation): string {
  return `"${operatorName(t)}" (id ${t.id})`;
}

function readInt(config: Readonly<Record<string, string>>, key: string): number | undefined {
  const raw = config[key];
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) throw new Error(`Configuration '${key}' must be an integer, got '${raw}'`);
  return value;
}

function readBool(config: Readonly<Record<string, string>>, key: string): boolean | undefined {
  const raw = config[key]?.trim().toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`Configuration '${key}' must be true or false, got '${config[key]}'`);
}
