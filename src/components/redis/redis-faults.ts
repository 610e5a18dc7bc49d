/**
 * The Redis faults a fault plan can name, registered with the world's nemesis.
 *
 * - redis-restart: the redis-server process (crash 'process', the default) or its whole machine
 *   ('machine': power loss, kernel panic) dies and boots again after `downtimeMs`; what survives
 *   depends on the server's persistence mode. The world's own `crash` of the node is a process
 *   kill with the same semantics.
 * - redis-failover: the primary dies and its replica, which trails it by replicationLagMs, takes
 *   over after `downtimeMs`: acknowledged writes younger than the lag are gone.
 * - redis-cache-load: a co-tenant writes cache keys that compete for the memory budget.
 */
import type { Nemesis } from '../../world/nemesis.js';
import { startCacheLoad, type CacheLoad } from './cache-load.js';
import type { CrashKind } from './persistence.js';
import type { RedisServer } from './redis-server.js';

export type RedisFault =
  | {
      readonly kind: 'redis-restart';
      readonly node: string;
      /** What dies: 'process' (default) or 'machine'. */
      readonly crash?: CrashKind;
      /** ms until it serves again; default 0. */
      readonly downtimeMs?: number;
    }
  | {
      readonly kind: 'redis-failover';
      readonly node: string;
      /** ms until the promoted replica serves; default 0. */
      readonly downtimeMs?: number;
    }
  | ({ readonly kind: 'redis-cache-load'; readonly node: string } & CacheLoad);

export const REDIS_FAULT_KINDS: readonly RedisFault['kind'][] = [
  'redis-restart',
  'redis-failover',
  'redis-cache-load',
];

export function registerRedisFaults(nemesis: Nemesis, servers: readonly RedisServer[]): void {
  const byNode = new Map(servers.map((server) => [server.name, server]));
  const serverOn = (node: string): RedisServer => {
    const server = byNode.get(node);
    if (server === undefined) {
      throw new Error(`no Redis server on node "${node}"; Redis nodes: ${[...byNode.keys()].join(', ')}`);
    }
    return server;
  };
  nemesis.register<Extract<RedisFault, { kind: 'redis-restart' }>>('redis-restart', (fault, cause) =>
    serverOn(fault.node).restart(fault.crash ?? 'process', fault.downtimeMs ?? 0, cause),
  );
  nemesis.register<Extract<RedisFault, { kind: 'redis-failover' }>>('redis-failover', (fault, cause) =>
    serverOn(fault.node).failover(fault.downtimeMs ?? 0, cause),
  );
  nemesis.register<Extract<RedisFault, { kind: 'redis-cache-load' }>>('redis-cache-load', (fault, cause) => {
    const server = serverOn(fault.node);
    server.pressuredBy(cause);
    startCacheLoad(server, fault);
  });
}
