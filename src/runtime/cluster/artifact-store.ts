// The JobManager's store of uploaded job artifacts (the role of Flink's BlobServer for user jars): a client uploads
// its bundled job module before submitting, and gets the file: URL TaskManagers load it from. Files get generated
// names only (the client's name is never part of a path), and uploads are size-limited. RPC endpoint on the main
// thread of the JobManager process.

import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ARTIFACT_ENDPOINT = 'artifacts';
/** Largest accepted artifact (a bundled job module). */
export const MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;

export interface ArtifactStoreGateway {
  /** Stores the bytes under a generated name; resolves with the artifact's file: URL. */
  putArtifact(bytes: Uint8Array, jobFile: string): Promise<string>;
}

export class ArtifactStore implements ArtifactStoreGateway {
  readonly dir: string;

  constructor(uploadDir: string | undefined) {
    this.dir = uploadDir ?? join(tmpdir(), 'weir-artifacts', `jobmanager-${process.pid}`);
  }

  async putArtifact(bytes: Uint8Array, jobFile: string): Promise<string> {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`The artifact of ${jobFile} must be sent as bytes (Uint8Array), got ${typeof bytes}`);
    }
    if (bytes.byteLength > MAX_ARTIFACT_BYTES) {
      throw new RangeError(
        `The bundled job ${jobFile} is ${bytes.byteLength} bytes, above the ${MAX_ARTIFACT_BYTES} byte limit; ` +
          'keep large data out of the job module (read it from files at run time)',
      );
    }
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${randomUUID()}.mjs`);
    await writeFile(path, bytes);
    return pathToFileURL(path).href;
  }

  /** Removes every stored artifact (the JobManager stops; its jobs end with it). Not an RPC method for clients. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
