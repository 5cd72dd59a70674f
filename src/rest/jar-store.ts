// The jars uploaded through POST /jars/upload (Flink's jar directory under web.upload.dir): each is stored as
// `<uuid>.mjs` with a `<uuid>.json` beside it holding the client's file name and the upload time. Jar ids are
// generated here and checked against JAR_ID before any file access, so no name from a request becomes a path.
// Called on the JobManager's main thread.

import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RestError } from './rest-error.js';

/** A jar id: what POST /jars/upload answers and GET /jars lists. */
export const JAR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.mjs$/;

export interface StoredJar {
  readonly id: string;
  /** The file name the client uploaded it under. */
  readonly name: string;
  /** Upload time, ms since the epoch. */
  readonly uploaded: number;
  readonly path: string;
}

export class JarStore {
  constructor(readonly dir: string) {}

  /** Takes over an uploaded file (moved, not copied) under a new id. */
  async add(uploadedPath: string, name: string, now: number): Promise<StoredJar> {
    await mkdir(this.dir, { recursive: true });
    const uuid = randomUUID();
    const id = `${uuid}.mjs`;
    const path = join(this.dir, id);
    await writeFile(join(this.dir, `${uuid}.json`), JSON.stringify({ name, uploaded: now }));
    await rename(uploadedPath, path);
    return { id, name, uploaded: now, path };
  }

  /** The stored jars, newest first. */
  async list(): Promise<StoredJar[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const jars = await Promise.all(names.filter((n) => JAR_ID.test(n)).map((id) => this.describe(id)));
    return jars.filter((j): j is StoredJar => j !== undefined).sort((a, b) => b.uploaded - a.uploaded);
  }

  /** The jar with this id; 400 for an id that is not one, or for a jar that does not exist (as Flink answers). */
  async get(rawId: string): Promise<StoredJar> {
    const jar = await this.describe(checkJarId(rawId));
    if (jar === undefined) {
      throw new RestError(
        400,
        `Jar file ${rawId} does not exist. Upload it with POST /jars/upload; GET /jars lists the jars.`,
      );
    }
    return jar;
  }

  async delete(rawId: string): Promise<void> {
    const jar = await this.get(rawId);
    await rm(jar.path, { force: true });
    await rm(join(this.dir, `${jar.id.slice(0, -'.mjs'.length)}.json`), { force: true });
  }

  private async describe(id: string): Promise<StoredJar | undefined> {
    const path = join(this.dir, id);
    let uploaded: number;
    try {
      uploaded = (await stat(path)).mtimeMs;
    } catch {
      return undefined;
    }
    let name = id;
    try {
      const meta = JSON.parse(await readFile(join(this.dir, `${id.slice(0, -'.mjs'.length)}.json`), 'utf8')) as {
        name?: unknown;
        uploaded?: unknown;
      };
      if (typeof meta.name === 'string') name = meta.name;
      if (typeof meta.uploaded === 'number') uploaded = meta.uploaded;
    } catch {
      // A jar without its description (copied in by hand) is listed under its id.
    }
    return { id, name, uploaded: Math.trunc(uploaded), path };
  }
}

/** Checks a jar id from a request path before it is used for anything. */
export function checkJarId(raw: string): string {
  if (!JAR_ID.test(raw)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (jarid) from value ` +
        `"${JSON.stringify(raw).slice(1, -1).slice(0, 100)}". A jar id is what POST /jars/upload answered ` +
        '(<uuid>.mjs), as listed by GET /jars.',
    );
  }
  return raw;
}
