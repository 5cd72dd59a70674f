// The JobManager's store of job artifacts (the role of Flink's BlobServer for user jars): the bundled module of each
// submitted job, under a generated name, which TaskManagers load by its file: URL. The REST endpoint hands it files
// it received (POST /jobs) or copies of uploaded jars (POST /jars/:jarid/run, so deleting the jar leaves running jobs
// alone). Called on the JobManager's main thread.

import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export class ArtifactStore {
  constructor(readonly dir: string) {}

  /** Moves (or copies) a file the server wrote into the store; resolves with the artifact's file: URL. */
  async store(source: string, how: 'move' | 'copy'): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${randomUUID()}.mjs`);
    if (how === 'move') await rename(source, path);
    else await copyFile(source, path);
    return pathToFileURL(path).href;
  }

  /** Removes every stored artifact (the JobManager stops; its jobs end with it). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
