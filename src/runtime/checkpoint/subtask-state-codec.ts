// The public face of the subtask state file (the state one subtask contributes to a checkpoint): importers keep
// using this module. Layout and errors: subtask-state-format.ts; writing: subtask-state-encoder.ts; reading:
// subtask-state-decoder.ts.

export { decodeSubtaskState, readSubtaskStateIndex, verifySubtaskStateFile } from './subtask-state-decoder.js';
export { encodeSubtaskState, SubtaskStateEncoder } from './subtask-state-encoder.js';
export {
  type BlockLocation,
  CorruptSubtaskStateError,
  type KeyGroupBlock,
  type OperatorIndexEntry,
  type StateIndexEntry,
  SUBTASK_STATE_FORMAT_VERSION,
  type SubtaskStateIndex,
  type TimerServiceIndexEntry,
} from './subtask-state-format.js';
