import { parentPort } from 'node:worker_threads';
import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from '../../../api/source/source.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import { serializeError } from '../../deployment/task-deployment-descriptor.js';
import { loadJobModule } from '../../job-loading/load-job-module.js';
import type { FromCoordinator, ToCoordinator } from './coordinator-protocol.js';
import { SplitAssignmentTracker } from './split-assignment-tracker.js';

// Entry of a job's coordinator worker: runs one SplitEnumerator per source (Flink's SourceCoordinator). Events
// are handled one at a time in arrival order. Assignments are tracked per reader so that a region failover can
// hand a restarted reader's uncheckpointed splits back to its enumerator.

import { log } from '../../../core/log.js';
import { ByteReader, ByteWriter } from '../../../core/types/bytes.js';
import { GenericCodec } from '../../../core/types/generic-codec.js';

const port = parentPort;
if (port === null) throw new Error('coordinator-worker.ts must run in a worker thread');

interface EnumeratorEntry {
  readonly enumerator: SplitEnumerator<SourceSplit, unknown>;
  readonly readers: Set<number>;
  readonly tracker: SplitAssignmentTracker;
}

const enumerators = new Map<number, EnumeratorEntry>();
let ready: Promise<void> | undefined;

function post(message: FromCoordinator): void {
  port!.postMessage(message);
}

function fail(error: unknown): void {
  post({ kind: 'failed', error: serializeError(error, 'source coordinator') });
}

function toReader(nodeId: number, subtask: number, event: CoordinatorToReaderEvent): void {
  post({ kind: 'to-reader', nodeId, subtask, event });
}

port.on('message', (message: ToCoordinator) => {
  if (message.kind === 'init') {
    ready = start(message.info, new Map(message.restored ?? []));
    ready.then(() => post({ kind: 'ready' }), fail);
    return;
  }
  void ready?.then(() => {
    try {
      switch (message.kind) {
        case 'reader-event':
          handle(message.nodeId, message.event);
          return;
        case 'snapshot':
          for (const { tracker } of enumerators.values()) tracker.onSnapshot(message.checkpointId);
          post({ kind: 'snapshot-done', checkpointId: message.checkpointId, states: snapshot(message.checkpointId) });
          return;
        case 'checkpoint-complete':
          for (const { enumerator, tracker } of enumerators.values()) {
            if (message.oldestRestorable !== undefined) tracker.forgetUpTo(message.oldestRestorable);
            enumerator.notifyCheckpointComplete?.(message.checkpointId);
          }
          return;
        case 'subtask-reset':
          resetSubtask(message.nodeId, message.subtask, message.restoredCheckpointId);
          return;
        default: {
          const never: never = message;
          throw new Error(`unknown coordinator message ${JSON.stringify(never)}`);
        }
      }
    } catch (error) {
      fail(error);
    }
  });
});

/** Every enumerator's checkpoint state, encoded (registered classes survive, as in keyed state). */
function snapshot(checkpointId: number): Array<[number, Uint8Array]> {
  const codec = new GenericCodec();
  const states: Array<[number, Uint8Array]> = [];
  for (const [nodeId, { enumerator }] of enumerators) {
    const out = new ByteWriter();
    codec.encode(enumerator.snapshotState(checkpointId), out);
    states.push([nodeId, out.toUint8Array()]);
  }
  return states;
}

async function start(
  info: Extract<ToCoordinator, { kind: 'init' }>['info'],
  restored: ReadonlyMap<number, Uint8Array>,
): Promise<void> {
  const job = await loadJobModule(info);
  for (const node of job.streamGraph.nodes.values()) {
    const t = node.transformation;
    if (t.kind !== 'source') continue;
    const readers = new Set<number>();
    const tracker = new SplitAssignmentTracker();
    const context: SplitEnumeratorContext<SourceSplit> = {
      currentParallelism: () => node.parallelism,
      registeredReaders: () => readers,
      assignSplit: (split, subtask) => {
        tracker.record(subtask, [split]);
        toReader(node.id, subtask, { kind: 'add-splits', splits: [split] });
      },
      assignSplits: (assignment) => {
        for (const [subtask, splits] of assignment) {
          tracker.record(subtask, splits);
          toReader(node.id, subtask, { kind: 'add-splits', splits });
        }
      },
      signalNoMoreSplits: (subtask) => toReader(node.id, subtask, { kind: 'no-more-splits' }),
      sendEventToSourceReader: (subtask, event) => toReader(node.id, subtask, { kind: 'source-event', event }),
    };
    const state = restored.get(node.id);
    const enumerator =
      state === undefined
        ? t.source.createEnumerator(context)
        : t.source.restoreEnumerator(context, new GenericCodec().decode(new ByteReader(state)));
    enumerators.set(node.id, { enumerator, readers, tracker });
    enumerator.start();
  }
}

/** A reader restarts in a region failover: it is unregistered and its uncheckpointed splits go back. */
function resetSubtask(nodeId: number, subtask: number, restoredCheckpointId: number | undefined): void {
  const entry = enumerators.get(nodeId);
  if (entry === undefined) throw new Error(`internal error: no split enumerator for source node ${nodeId}`);
  entry.readers.delete(subtask);
  const splits = entry.tracker.takeSince(subtask, restoredCheckpointId);
  if (splits.length === 0) return;
  log(
    'info',
    'SourceCoordinator',
    `Handing ${splits.length} split(s) of source node ${nodeId} back to its enumerator: subtask ${subtask} restarts ` +
      `from ${restoredCheckpointId === undefined ? 'no checkpoint' : `checkpoint ${restoredCheckpointId}`}.`,
  );
  entry.enumerator.addSplitsBack(splits as SourceSplit[], subtask);
}

function handle(nodeId: number, event: ReaderToCoordinatorEvent): void {
  const entry = enumerators.get(nodeId);
  if (entry === undefined) throw new Error(`internal error: no split enumerator for source node ${nodeId}`);
  const { enumerator, readers } = entry;
  switch (event.kind) {
    case 'reader-registered':
      readers.add(event.subtask);
      enumerator.addReader(event.subtask);
      return;
    case 'split-request':
      enumerator.handleSplitRequest(event.subtask);
      return;
    case 'source-event':
      enumerator.handleSourceEvent?.(event.subtask, event.event);
      return;
    case 'splits-back':
      readers.delete(event.subtask);
      enumerator.addSplitsBack(event.splits as SourceSplit[], event.subtask);
      return;
    default: {
      const never: never = event;
      throw new Error(`unknown reader event ${JSON.stringify(never)}`);
    }
  }
}
