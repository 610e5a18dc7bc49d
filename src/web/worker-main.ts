/**
 * The Web Worker's entry: the simulator runs here, off the page's thread, so the page stays
 * responsive during a run. Requests are answered one at a time, in the order they came.
 *
 * Written against a two-member view of the worker's global scope, not the DOM's types: this layer
 * is type-checked with Node's types, and the worker needs nothing else.
 */
import type { NumberedRequest, WebMessage } from './web-protocol.js';
import { WebSession } from './web-session.js';

interface WorkerScope {
  onmessage: ((event: { readonly data: NumberedRequest }) => void) | null;
  postMessage(message: WebMessage): void;
}

const scope = globalThis as unknown as WorkerScope;
const session = new WebSession();
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(() => answer(request));
};

async function answer(request: NumberedRequest): Promise<void> {
  const { id } = request;
  try {
    const answer = await session.handle(request, (done, total) =>
      scope.postMessage({ kind: 'progress', id, done, total }),
    );
    scope.postMessage({ kind: 'answer', id, answer });
  } catch (error) {
    // A bug, not bad input: say so on the page rather than leave it waiting.
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    scope.postMessage({ kind: 'answer', id, answer: { ok: false, problem: `internal error: ${what}` } });
  }
}
