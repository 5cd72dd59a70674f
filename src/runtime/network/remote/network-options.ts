import type { Configuration } from '../../../core/config/configuration.js';
import { NettyShuffleEnvironmentOptions } from '../../../core/config/engine-options.js';
import type { NetworkEnvironmentOptions } from './network-environment.js';

/** The data plane settings a TaskManager reads from its configuration (Flink's NettyShuffleEnvironmentOptions). */
export function networkOptionsOf(config: Configuration): Omit<NetworkEnvironmentOptions, 'bindHost'> {
  const credits = config.get(NettyShuffleEnvironmentOptions.NETWORK_BUFFERS_PER_CHANNEL);
  if (!Number.isInteger(credits) || credits < 1 || credits > 1024) {
    throw new RangeError(
      `taskmanager.network.memory.buffers-per-channel must be an integer in [1, 1024], got ${credits}`,
    );
  }
  const requestBackoffInitialMs = config.get(NettyShuffleEnvironmentOptions.NETWORK_REQUEST_BACKOFF_INITIAL);
  const requestBackoffMaxMs = config.get(NettyShuffleEnvironmentOptions.NETWORK_REQUEST_BACKOFF_MAX);
  if (requestBackoffMaxMs < requestBackoffInitialMs) {
    throw new RangeError(
      `taskmanager.network.request-backoff.max (${requestBackoffMaxMs} ms) is below ` +
        `taskmanager.network.request-backoff.initial (${requestBackoffInitialMs} ms); raise the max`,
    );
  }
  return { credits, requestBackoffInitialMs, requestBackoffMaxMs };
}
