import type { MiniCluster } from '../runtime/minicluster/mini-cluster.js';
import { watermarkStatus } from './watermark-status.js';

// A live line on the terminal while a job runs: job state, records in/out per second, the operator that is
// backpressured, if any, and with event time the lowest operator watermark and what holds it back. Written to
// stderr only when it is a TTY, so piped output stays clean.

const INTERVAL_MS = 1000;

export class StatusLine {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  follow(cluster: MiniCluster, jobId: string): void {
    this.timer = setInterval(() => this.render(cluster, jobId), INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }

  private render(cluster: MiniCluster, jobId: string): void {
    const master = cluster.dispatcher.jobs.get(jobId);
    if (master === undefined) return;
    const vertices = master.jobGraph.vertices;
    let inRate = 0;
    let outRate = 0;
    let worst: { name: string; ms: number } | undefined;
    for (const e of master.executions.values()) {
      const vertex = vertices.find((v) => v.id === e.vertexId);
      const m = e.metrics;
      if (vertex === undefined) continue;
      const isSource = vertex.chain[0].kind === 'source';
      if (isSource) inRate += m.numRecordsOutPerSecond ?? 0;
      if (vertex === vertices[vertices.length - 1]) outRate += m.numRecordsInPerSecond ?? 0;
      const bp = m.backPressuredTimeMsPerSecond ?? 0;
      if (bp > 100 && (worst === undefined || bp > worst.ms)) worst = { name: vertex.name, ms: bp };
    }
    const pressure = worst === undefined ? '' : ` | backpressured: ${worst.name} (${Math.round(worst.ms / 10)}%)`;
    const wm = watermarkStatus(master.executions.values(), master.jobGraph);
    const line = `${master.status} | sources ${formatRate(inRate)}/s | sinks ${formatRate(outRate)}/s${pressure}${wm}`;
    this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 120) - 1)}`);
    this.shown = true;
  }
}

function formatRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
