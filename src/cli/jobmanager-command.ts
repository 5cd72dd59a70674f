import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logAlways, setLogLevel, useJsonLogs } from '../core/log.js';
import { dispatcherRestGateway } from '../rest/dispatcher-rest-gateway.js';
import { createJobSubmission } from '../rest/job-submission.js';
import { startRestServer } from '../rest/rest-server.js';
import { startJobManager } from '../runtime/cluster/job-manager-process.js';
import { tlsOptions } from '../runtime/rpc/tls-options.js';
import { parseDaemonArgs, untilTerminated } from './daemon-args.js';

// `weir jobmanager`: runs the JobManager process of a standalone cluster in the foreground until SIGTERM/SIGINT.
// Its start-up line (REST URL and RPC address) is what `weir cluster start` reads from the log to find it.

const HELP = `Usage: weir jobmanager [--configDir dir] [-D key=value]...

Runs a JobManager (Dispatcher, ResourceManager, REST API) until stopped with SIGTERM or Ctrl-C.
Keys: rest.port (8081, 0: any), rest.bind-address, jobmanager.rpc.address (localhost), jobmanager.rpc.port (6123,
0: any), jobmanager.bind-host, heartbeat.interval (10 s), heartbeat.timeout (50 s), web.upload.dir (uploaded jars),
rest.server.max-content-length (104857600 bytes), web.submit.enable (true).
TLS: security.ssl.internal.enabled / security.ssl.rest.enabled with security.ssl.<internal|rest>.keystore,
.keystore-password, .truststore, .truststore-password (PKCS12 or PEM files).`;

/** The log line announcing the endpoints; `weir cluster start` parses it. */
export const JOB_MANAGER_STARTED = 'Weir JobManager started: REST API at ';

export async function jobManagerCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { config } = parseDaemonArgs(argv);
  if (process.env.WEIR_LOG_LEVEL === undefined) setLogLevel('info');
  useJsonLogs('jobmanager');
  const restTls = tlsOptions(config, 'rest');
  const jm = await startJobManager(config, async (dispatcher, settings) => {
    // Jobs arrive over REST (POST /jobs, /jars), as in Flink; uploads live in web.upload.dir.
    const submission = settings.submitEnabled
      ? createJobSubmission({
          uploadDir: settings.uploadDir ?? join(tmpdir(), 'weir-web', `jobmanager-${process.pid}`),
          keepJars: settings.uploadDir !== undefined,
          maxContentLength: settings.maxContentLength,
          submitJob: (info) => dispatcher.submitJob(info),
        })
      : undefined;
    const server = await startRestServer({
      port: settings.restPort,
      address: settings.restAddress,
      gateway: dispatcherRestGateway(dispatcher),
      submission,
      tls: restTls?.server,
    });
    return {
      port: server.port,
      url: server.url,
      async close() {
        await server.close();
        await submission?.close();
      },
    };
  });
  logAlways(
    'JobManager',
    `${JOB_MANAGER_STARTED}${jm.rest.url}, RPC at ${jm.rpc.localAddress('')} (pid ${process.pid})`,
  );
  const signal = await untilTerminated();
  logAlways('JobManager', `Weir JobManager stopping (${signal})`);
  await jm.close();
  return 0;
}
