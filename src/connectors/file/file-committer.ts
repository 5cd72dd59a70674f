import { access, rename } from 'node:fs/promises';
import type { Committer } from '../../api/sink/sink.js';
import type { FileSinkCommittable } from './file-sink-state.js';

/**
 * Makes closed parts visible by renaming each hidden pending file to its final name (Flink's FileCommitter).
 * Idempotent, because a restore commits again what a failed attempt may already have committed: a missing source
 * whose target exists counts as done.
 */
export class FileCommitter implements Committer<FileSinkCommittable> {
  async commit(committables: readonly FileSinkCommittable[]): Promise<void> {
    for (const committable of committables) await commitPart(committable);
  }

  close(): void {}
}

export async function commitPart(committable: FileSinkCommittable): Promise<void> {
  const { pendingPath, finalPath } = committable;
  try {
    await rename(pendingPath, finalPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await exists(finalPath))) return;
    throw new Error(
      `FileSink could not commit part '${finalPath}': renaming '${pendingPath}' failed: ${(error as Error).message}. ` +
        'A pending part that is missing while its final file is absent too was deleted outside the job; the ' +
        'records in it are lost.',
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
