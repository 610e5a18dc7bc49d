/// <reference lib="dom" />
/**
 * The page's side of the worker: the simulator's bundle arrives as text in the page and runs in
 * a worker made from a Blob URL. Chromium refuses `new Worker('x.js')` on a page opened from
 * file://, but a Blob URL is the page's own, so the page works from disk, offline, or from any
 * static host alike.
 */
import type { WebAnswer, WebMessage, WebRequest } from '../web-protocol.js';

export type OnProgress = (done: number, total: number) => void;

interface Waiting {
  readonly resolve: (answer: WebAnswer) => void;
  readonly onProgress: OnProgress;
}

export class WorkerClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private lastId = 0;

  constructor(source: BlobPart, onError: (message: string) => void) {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    this.worker = new Worker(url);
    this.worker.onmessage = (event: MessageEvent<WebMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => onError(`the simulator stopped: ${event.message}`);
  }

  ask(request: WebRequest, onProgress: OnProgress = () => undefined): Promise<WebAnswer> {
    const id = ++this.lastId;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, onProgress });
      this.worker.postMessage({ ...request, id });
    });
  }

  private receive(message: WebMessage): void {
    const waiting = this.waiting.get(message.id);
    if (waiting === undefined) return;
    if (message.kind === 'progress') {
      waiting.onProgress(message.done, message.total);
      return;
    }
    this.waiting.delete(message.id);
    waiting.resolve(message.answer);
  }
}
