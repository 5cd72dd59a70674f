import type { InputGate } from '../../network/input-gate.js';
import type { BarrierChannels } from '../task/checkpoint-barrier-handler.js';
import type { ChannelInput } from '../task/in-flight-replay.js';
import type { GateBinding } from '../task/stream-task.js';

// A task's input channels numbered across its gates (gate 1's channels first), as the barrier handler and the
// in-flight replay of unaligned checkpoints count them.

/** Maps a global input channel number (as the barrier handler numbers them) to its task input and local index. */
export function channelInputs(gates: readonly GateBinding[]): (channel: number) => ChannelInput {
  return (channel) => {
    let offset = 0;
    for (const { gate, input } of gates) {
      const n = (gate as InputGate).numberOfChannels;
      if (channel < offset + n) return { input, channel: channel - offset };
      offset += n;
    }
    throw new Error(`internal error: restored in-flight records name input channel ${channel}, which this task lacks`);
  };
}

/** The task's channels numbered across its gates, for the barrier handler. */
export function gateChannels(gates: ReadonlyArray<{ gate: InputGate; offset: number }>): BarrierChannels {
  return {
    block(channel: number): void {
      for (let i = gates.length - 1; i >= 0; i--) {
        const { gate, offset } = gates[i];
        if (channel >= offset) {
          gate.blockChannel(channel - offset);
          return;
        }
      }
    },
    unblockAll(): void {
      for (const { gate } of gates) gate.unblockAll();
    },
  };
}
