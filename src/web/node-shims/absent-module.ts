/**
 * What the browser bundle gets for a Node module that a library imports but never uses on the
 * simulator's paths: fs and path (ioredis reads its package.json only when asked for its
 * version), os and child_process (fengari's Lua `os` and `io` libraries for Node, unused: the
 * bundle takes fengari's browser branch). An empty module: a use would fail loudly, not differ.
 */
export {};
