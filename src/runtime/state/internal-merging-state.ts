/**
 * Runtime-side view of a state whose namespaces can be merged (Flink's InternalMergingState): merging windows
 * (sessions) fold the state of the merged windows into the result window. Only list, reducing and aggregating
 * states merge. Contract: task thread, with the key set; the sources are left empty.
 */
export interface InternalMergingState<N> {
  mergeNamespaces(target: N, sources: Iterable<N>): void;
}
