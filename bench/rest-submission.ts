// Job submission over REST: a REST endpoint with submission on loopback in this process; uploads of N MiB through
// POST /jars/upload sent by curl (another process, so this process's RSS is the server's), multipart streamed to
// disk; and POST /jars/:jarid/run of a small job (a worker thread runs the module to its execute() and plans it).
// Run: npm run build && node build/bench/rest-submission.js (needs curl).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createJobSubmission } from '../src/rest/job-submission.js';
import { startRestServer } from '../src/rest/rest-server.js';
import { createFakeGateway } from '../src/rest/testing/fake-gateway.js';
import { bundleJob } from '../src/runtime/client/job-bundler.js';

const MIB = 1024 * 1024;
const sizes = [8, 32, 96];
const dir = mkdtempSync(join(tmpdir(), 'weir-bench-submission-'));
const submission = createJobSubmission({
  uploadDir: dir,
  keepJars: false,
  maxContentLength: 100 * MIB,
  submitJob: async () => {},
});
const server = await startRestServer({ port: 0, gateway: createFakeGateway(), submission });

async function upload(bytes: Uint8Array, name: string): Promise<string> {
  const form = new FormData();
  form.append('jarfile', new Blob([bytes]), name);
  const res = await fetch(`${server.url}/jars/upload`, { method: 'POST', body: form });
  const body = (await res.json()) as { filename: string };
  if (res.status !== 200) throw new Error(JSON.stringify(body));
  return body.filename.split('/').pop() as string;
}

/** Uploads a file with curl; resolves with the wall time and this (the server's) process's peak RSS growth. */
function curlUpload(path: string): Promise<{ ms: number; peakMiB: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sf', '-H', 'Expect:', '-F', `jarfile=@${path}`, `${server.url}/jars/upload`], (error) => {
      clearInterval(sampler);
      if (error) reject(error);
      else resolve({ ms: performance.now() - start, peakMiB: (peak - base) / MIB });
    });
  });
}

try {
  console.log('upload (curl -F jarfile=@file POST /jars/upload, loopback)');
  console.log('   MiB      ms    MiB/s   server peak RSS growth');
  for (const mib of sizes) {
    const file = join(dir, `upload-${mib}.mjs`);
    writeFileSync(file, new Uint8Array(mib * MIB).fill(120));
    for (let round = 0; round < 3; round++) {
      const { ms, peakMiB } = await curlUpload(file);
      const rate = (mib / (ms / 1000)).toFixed(0);
      console.log(
        `${String(mib).padStart(6)} ${ms.toFixed(0).padStart(7)} ${rate.padStart(8)}   ${peakMiB.toFixed(0)} MiB`,
      );
    }
    rmSync(file);
  }
  const jobFile = join(dir, 'job.ts');
  writeFileSync(
    jobFile,
    "import { StreamExecutionEnvironment } from 'weir';\n" +
      'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
      'env.fromData(1, 2, 3).map((x: number) => x * 2).keyBy((x: number) => x % 2).sum(0).print();\n' +
      "await env.execute('bench');\n",
  );
  const { readFile } = await import('node:fs/promises');
  const id = await upload(await readFile((await bundleJob(jobFile)).path), 'job.mjs');
  console.log('POST /jars/:jarid/run (worker start, module run to execute(), planning; submission stubbed)');
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const res = await fetch(`${server.url}/jars/${id}/run`, { method: 'POST', body: '{}' });
    await res.json();
    console.log(`  run ${round + 1}: ${(performance.now() - start).toFixed(0)} ms (status ${res.status})`);
  }
} finally {
  await server.close();
  await submission.close();
  rmSync(dir, { recursive: true, force: true });
}
