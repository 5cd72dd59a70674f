// GET /taskmanagers (Flink's TaskManagersInfo) and GET /taskmanagers/:taskmanagerid (TaskManagerDetailsInfo), from
// what the ResourceManager knows. Weir's TaskManagers are slot workers of this process, so hardware is this host's
// (node:os) and Flink's JVM memory model is zeros; what each field holds is said where it is filled.
import { availableParallelism, freemem, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { TaskManagerDescription } from './rest-gateway.js';

export interface ResourceProfileBody {
  readonly cpuCores: number;
  readonly taskHeapMemory: number;
  readonly taskOffHeapMemory: number;
  readonly managedMemory: number;
  readonly networkMemory: number;
  readonly extendedResources: Readonly<Record<string, number>>;
}

export interface HardwareDescriptionBody {
  readonly cpuCores: number;
  readonly physicalMemory: number;
  readonly freeMemory: number;
  readonly managedMemory: number;
}

/** Flink's TaskExecutorMemoryConfiguration, every field in bytes. */
export interface TaskExecutorMemoryConfigurationBody {
  readonly frameworkHeap: number;
  readonly taskHeap: number;
  readonly frameworkOffHeap: number;
  readonly taskOffHeap: number;
  readonly networkMemory: number;
  readonly managedMemory: number;
  readonly jvmMetaspace: number;
  readonly jvmOverhead: number;
  readonly totalFlinkMemory: number;
  readonly totalProcessMemory: number;
}

export interface TaskManagerInfoBody {
  readonly id: string;
  readonly path: string;
  readonly dataPort: number;
  readonly jmxPort: number;
  readonly timeSinceLastHeartbeat: number;
  readonly slotsNumber: number;
  readonly freeSlots: number;
  readonly totalResource: ResourceProfileBody;
  readonly freeResource: ResourceProfileBody;
  readonly hardware: HardwareDescriptionBody;
  readonly memoryConfiguration: TaskExecutorMemoryConfigurationBody;
  readonly blocked: boolean;
}

export interface TaskManagerMetricsBody {
  readonly heapUsed: number;
  readonly heapCommitted: number;
  readonly heapMax: number;
  readonly nonHeapUsed: number;
  readonly nonHeapCommitted: number;
  readonly nonHeapMax: number;
  readonly directCount: number;
  readonly directUsed: number;
  readonly directMax: number;
  readonly mappedCount: number;
  readonly mappedUsed: number;
  readonly mappedMax: number;
  readonly garbageCollectors: readonly never[];
}

export interface TaskManagerDetailsInfoBody extends TaskManagerInfoBody {
  readonly allocatedSlots: readonly never[];
  readonly metrics: TaskManagerMetricsBody;
}

const ZERO_MEMORY: TaskExecutorMemoryConfigurationBody = {
  frameworkHeap: 0,
  taskHeap: 0,
  frameworkOffHeap: 0,
  taskOffHeap: 0,
  networkMemory: 0,
  managedMemory: 0,
  jvmMetaspace: 0,
  jvmOverhead: 0,
  totalFlinkMemory: 0,
  totalProcessMemory: 0,
};

/** As Flink's standalone default profile: one CPU core per slot; memory is not budgeted per slot in Weir. */
function resourceProfile(slots: number): ResourceProfileBody {
  return {
    cpuCores: slots,
    taskHeapMemory: 0,
    taskOffHeapMemory: 0,
    managedMemory: 0,
    networkMemory: 0,
    extendedResources: {},
  };
}

/**
 * One TaskManagerInfo. dataPort and jmxPort are -1 (no single data port: each slot worker listens on its own,
 * decision 29; no JMX); timeSinceLastHeartbeat is, as in Flink despite its name, the time of the last heartbeat (the
 * request time when unknown: in-process TaskManagers are alive while the cluster answers).
 */
export function taskManagerInfo(tm: TaskManagerDescription, now: number): TaskManagerInfoBody {
  return {
    id: tm.id,
    path: tm.address,
    dataPort: -1,
    jmxPort: -1,
    timeSinceLastHeartbeat: tm.lastHeartbeat ?? now,
    slotsNumber: tm.slotsTotal,
    freeSlots: tm.slotsFree,
    totalResource: resourceProfile(tm.slotsTotal),
    freeResource: resourceProfile(tm.slotsFree),
    hardware: {
      cpuCores: availableParallelism(),
      physicalMemory: totalmem(),
      freeMemory: freemem(),
      managedMemory: 0,
    },
    memoryConfiguration: ZERO_MEMORY,
    blocked: false,
  };
}

/**
 * TaskManagerDetailsInfo. allocatedSlots is empty (slot-to-job assignment is not tracked per TaskManager yet); the
 * heap figures are this process's V8 heap, which all in-process TaskManagers share.
 */
export function taskManagerDetailsInfo(tm: TaskManagerDescription, now: number): TaskManagerDetailsInfoBody {
  const memory = process.memoryUsage();
  return {
    ...taskManagerInfo(tm, now),
    allocatedSlots: [],
    metrics: {
      heapUsed: memory.heapUsed,
      heapCommitted: memory.heapTotal,
      heapMax: getHeapStatistics().heap_size_limit,
      nonHeapUsed: 0,
      nonHeapCommitted: 0,
      nonHeapMax: 0,
      directCount: 0,
      directUsed: memory.external,
      directMax: 0,
      mappedCount: 0,
      mappedUsed: 0,
      mappedMax: 0,
      garbageCollectors: [],
    },
  };
}
