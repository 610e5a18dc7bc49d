/**
 * The keys a real Redis evicted, as it announces them (keyspace notifications on
 * `__keyevent@<db>__:evicted`): Redis's LRU is sampled, so the replay compares the class of what
 * went rather than the keys, and needs to know which ones went.
 */
import { Redis } from 'ioredis';
import type { RedisEndpoint } from './redis-servers.js';

export class EvictionNotices {
  private subscriber: Redis | undefined;
  private readonly keys = new Set<string>();
  private taken = 0;

  /** Starts listening on the server at `endpoint` (its notifications must be on). */
  async listen(endpoint: RedisEndpoint): Promise<void> {
    const subscriber = new Redis({ host: endpoint.host, port: endpoint.port, lazyConnect: true });
    subscriber.on('error', () => {});
    await subscriber.connect();
    subscriber.on('message', (_channel: string, key: string) => this.keys.add(key));
    await subscriber.subscribe(`__keyevent@${endpoint.db}__:evicted`);
    this.subscriber = subscriber;
  }

  /** Waits until every notice the server sent before now has arrived (a PING answers after them). */
  async settle(): Promise<void> {
    await this.subscriber?.ping();
  }

  /** Settles, then stops listening (the server is about to go away). */
  async stop(): Promise<void> {
    await this.settle();
    this.disconnect();
  }

  disconnect(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  /** Whether the real server evicted `key` at some point. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** The keys evicted since the last call, in the order they were announced. */
  takeNew(): string[] {
    const fresh = [...this.keys].slice(this.taken);
    this.taken += fresh.length;
    return fresh;
  }
}
