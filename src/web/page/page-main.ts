/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The workshop page's entry: starts the simulator's worker from the text the page carries, hands
 * it the bundled scenarios, and wires the panels to it. Everything is drawn from the view each
 * answer brings; the page keeps no state of the setup itself.
 */
import type { SessionView, WebAnswer, WebRequest } from '../web-protocol.js';
import { byId, el, fill } from './page-dom.js';
import { renderRun } from './render-run.js';
import { renderSetup } from './render-setup.js';
import { renderStory } from './render-story.js';
import { WorkerClient, type OnProgress } from './worker-client.js';

const problem = byId('problem');
const client = new WorkerClient(workerSource(), (message) => fill(problem, message));
let busy = false;

/** The worker's bundle, carried base64-encoded so no byte of it can end the page's script element. */
function workerSource(): Uint8Array<ArrayBuffer> {
  const text = byId('idemsim-worker').textContent ?? '';
  return Uint8Array.from(atob(text.trim()), (char) => char.charCodeAt(0));
}

/** Sends a request with the controls off; draws the answer's view, or shows why it was refused. */
async function ask(request: WebRequest, onProgress?: OnProgress): Promise<WebAnswer> {
  busy = true;
  document.body.classList.add('busy');
  // The controls that change the setup wait for the answer; each gets back the state it had.
  const controls = [
    ...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>(
      '.locks button, .locks input, .locks select',
    ),
  ].filter((control) => !control.disabled);
  for (const control of controls) control.disabled = true;
  try {
    const answer = await client.ask(request, onProgress);
    fill(problem, answer.ok ? undefined : answer.problem);
    return answer;
  } finally {
    busy = false;
    document.body.classList.remove('busy');
    for (const control of controls) control.disabled = false;
  }
}

function draw(view: SessionView): void {
  const select = byId<HTMLSelectElement>('scenario');
  fill(
    select,
    ...view.scenarios.map(({ name, title }) =>
      el('option', { value: name, selected: name === view.setup.name }, `${name} — ${title}`),
    ),
  );
  renderSetup(view.setup, {
    setKnob: async (knob, text) => {
      const answer = await ask({ kind: 'set', knob, text });
      if (!answer.ok) return answer.problem;
      draw(answer.view);
      return undefined;
    },
    switchFault: (index, on) => void act({ kind: 'fault', index, on }),
  });
  renderRun(view.run, (violation) => void tell(violation));
  byId<HTMLInputElement>('export-name').value = view.fileName;
  // Whatever was drawn before is stale now (the story speaks of an earlier run or setup).
  if (view.run === undefined) byId('story-section').hidden = true;
  byId<HTMLButtonElement>('reset').disabled = view.setup.changes.length === 0;
}

async function act(request: WebRequest, onProgress?: OnProgress): Promise<void> {
  const answer = await ask(request, onProgress);
  if (answer.ok) draw(answer.view);
}

async function tell(violation: number): Promise<void> {
  const answer = await ask({ kind: 'story', violation });
  if (answer.ok && answer.story !== undefined) renderStory(answer.story);
}

async function run(): Promise<void> {
  const progress = byId<HTMLProgressElement>('progress');
  progress.value = 0;
  progress.hidden = false;
  byId('story-section').hidden = true;
  await act({ kind: 'run' }, (done, total) => {
    progress.max = total;
    progress.value = done;
  });
  progress.hidden = true;
  document.body.dataset['runs'] = String(Number(document.body.dataset['runs'] ?? 0) + 1);
}

async function exportFile(): Promise<void> {
  const answer = await ask({ kind: 'export', fileName: byId<HTMLInputElement>('export-name').value });
  if (!answer.ok || answer.file === undefined) return;
  draw(answer.view);
  const link = el('a', {
    href: URL.createObjectURL(new Blob([answer.file.yaml], { type: 'application/yaml' })),
    download: answer.file.fileName,
  });
  link.click();
  fill(
    byId('export-done'),
    `Saved ${answer.file.fileName}. Run it with: idemsim compare ${answer.file.fileName}`,
  );
}

async function openOwnFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (file === undefined) return;
  await act({ kind: 'open', name: file.name, text: await file.text() });
  input.value = '';
}

byId('scenario').addEventListener('change', (event) => {
  void act({ kind: 'open', name: (event.target as HTMLSelectElement).value });
});
byId('own-file').addEventListener('change', (event) => void openOwnFile(event.target as HTMLInputElement));
byId('run').addEventListener('click', () => void run());
byId('reset').addEventListener('click', () => void act({ kind: 'reset' }));
byId('export').addEventListener('click', () => void exportFile());

const scenarios = JSON.parse(byId('idemsim-scenarios').textContent ?? '[]') as {
  name: string;
  text: string;
}[];
void act({ kind: 'init', scenarios }).then(() => {
  document.body.dataset['ready'] = busy ? 'busy' : 'yes';
});
