/**
 * The trace events the world writes: remote calls and their messages (rpc.ts), nodes going down,
 * up, and still (node.ts), and the faults the nemesis applies to the network (nemesis.ts).
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging): a writer that misspells a field, and a reader that narrows on `type` and reads one
 * that does not exist, fail to compile.
 */
import type { DropReason } from './network.js';

/** What every entry about one call says: which call, between whom, and for which payment. */
export interface RpcFields {
  readonly call: number;
  readonly from: string;
  readonly to: string;
  readonly method: string;
  /** The payment intent of the caller's causal context; null outside any. */
  readonly intent: string | null;
}

/**
 * What a lost request carried (rpc.ts `carries`), traced because nobody else can say: the SQL of
 * a PostgreSQL statement, or a Redis command.
 */
export type RequestCarried =
  | { readonly sql: string; readonly params: string | null }
  | { readonly command: string };

export interface NodeFields {
  readonly node: string;
}

export interface PartitionFields {
  /** Comma-separated node names, or "*" when every partition heals at once. */
  readonly between: string;
  readonly and: string;
  readonly oneWay: boolean;
}

/** A crash-at or pause-at firing: where in the work it struck. */
export interface FiredAtFields {
  readonly node: string;
  readonly on: 'send' | 'reply';
  readonly peer: string;
  /** Which such moment it was (1 is the first). */
  readonly nth: number;
}

declare module '../engine/trace.js' {
  interface TraceEvents {
    'rpc.call': RpcFields & {
      /** The call whose handler made this one; null for a call made outside any handler (a client's). */
      readonly parent: number | null;
    };
    'rpc.arrive': RpcFields;
    /** The target was down: it refuses the request (the caller will see rpc.refused). */
    'rpc.refuse': RpcFields;
    'rpc.reply': RpcFields & {
      /** The HTTP status, when the handler's answer has one. */
      readonly status?: number;
    };
    'rpc.ok': RpcFields;
    'rpc.refused': RpcFields;
    'rpc.timeout': RpcFields;
    'msg.drop': RpcFields & {
      readonly leg: 'request' | 'reply';
      readonly reason: DropReason | 'sender crashed';
      /** A lost request's statement or command (RequestCarried), when its caller said. */
      readonly sql?: string;
      readonly params?: string | null;
      readonly command?: string;
    };
    'node.crash': NodeFields;
    'node.restart': NodeFields;
    'node.pause': NodeFields;
    'node.resume': NodeFields;
    'net.partition': PartitionFields;
    'net.heal': PartitionFields;
    'net.link': {
      readonly from: string;
      readonly to: string;
      /** The link options changed, as JSON, or "restored". */
      readonly change: string;
    };
    'nemesis.crash-at': FiredAtFields;
    'nemesis.pause-at': FiredAtFields;
  }
}
