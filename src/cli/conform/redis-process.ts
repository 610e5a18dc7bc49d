/**
 * One redis-server process the harness runs: on a loopback port, in a directory of its own, its
 * whole configuration on the command line. `kill` is a SIGKILL (a crash, no SHUTDOWN SAVE);
 * `restart` starts the same command again in the same directory, so it loads what the crash left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';

/** How long a start may take before it is an error, ms (loading an AOF on a loaded machine). */
const START_TIMEOUT_MS = 20_000;
/** Pause between two readiness probes, ms. */
const PROBE_INTERVAL_MS = 20;

export interface RedisProcessOptions {
  /** The redis-server binary. Default 'redis-server' (on PATH). */
  readonly binary?: string;
  readonly port: number;
  /** Its working directory (RDB and AOF files); the caller creates and deletes it. */
  readonly dir: string;
  /** Configuration directives after port, bind and dir, as `--name value` pairs. */
  readonly directives: ReadonlyArray<readonly [string, string]>;
}

export class RunningRedis {
  private child: ChildProcess | undefined;
  /** The last lines the server wrote, for an error message when it will not start. */
  private output = '';

  private constructor(readonly options: RedisProcessOptions) {}

  static async start(options: RedisProcessOptions): Promise<RunningRedis> {
    const running = new RunningRedis(options);
    await running.launch();
    return running;
  }

  get port(): number {
    return this.options.port;
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const { port, dir, directives } = this.options;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no'];
    for (const [name, value] of directives) args.push(`--${name}`, value);
    const child = spawn(this.options.binary ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.ready(child);
  }

  /** Waits until the server answers INFO with its data loaded. */
  private async ready(child: ChildProcess): Promise<void> {
    const deadlineMs = Date.now() + START_TIMEOUT_MS;
    const client = new Redis({
      host: '127.0.0.1',
      port: this.port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    client.on('error', () => {});
    try {
      while (Date.now() < deadlineMs) {
        if (child.exitCode !== null) break;
        try {
          if (client.status !== 'ready') await client.connect();
          const info = await client.info('persistence');
          if (/^loading:0/m.test(info)) return;
        } catch {
          client.disconnect();
        }
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      }
    } finally {
      client.disconnect();
    }
    await this.kill();
    throw new Error(`redis-server on port ${this.port} did not start:\n${this.output.trim()}`);
  }
}
