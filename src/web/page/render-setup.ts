/// <reference lib="dom" />
/**
 * The setup panel: the scenario's story, a row per knob (its value, editable, and the scenario's),
 * a switch per fault, and what was changed. Edits are sent as typed; the worker checks them as
 * play does and the row shows the reason when a value is not one.
 */
import type { KnobView, SetupView } from '../web-protocol.js';
import { byId, el, fill } from './page-dom.js';

export interface SetupHandlers {
  /** Resolves to the reason the value was refused, or undefined when it was taken. */
  readonly setKnob: (id: string, text: string) => Promise<string | undefined>;
  readonly switchFault: (index: number, on: boolean) => void;
}

export function renderSetup(view: SetupView, handlers: SetupHandlers): void {
  fill(byId('title'), `${view.name}: ${view.title}`);
  fill(byId('story'), ...view.story.split(/\n{2,}/).map((paragraph) => el('p', {}, paragraph)));
  fill(
    byId('knobs'),
    el('tr', {}, el('th', {}, 'setting'), el('th', {}, 'value'), el('th', {}, 'in the scenario'), el('th')),
    ...view.knobs.map((knob) => knobRow(knob, handlers)),
  );
  fill(
    byId('faults'),
    ...(view.faults.length === 0
      ? [el('li', {}, 'No faults: what happens here is timing alone.')]
      : view.faults.map((fault, index) => faultItem(index, fault, handlers))),
  );
  fill(
    byId('changes'),
    ...(view.changes.length === 0
      ? ['Nothing changed: this is the scenario as written.']
      : [el('strong', {}, 'Changed from the scenario: '), view.changes.join('; ')]),
  );
  byId<HTMLButtonElement>('reset').disabled = view.changes.length === 0;
  fill(byId('run'), `Run every strategy (${view.size})`);
}

function knobRow(knob: KnobView, handlers: SetupHandlers): HTMLTableRowElement {
  const problem = el('td', { class: 'problem', 'data-problem': knob.id });
  const input = knob.options === undefined ? textInput(knob) : choiceInput(knob);
  input.addEventListener('change', async () => {
    fill(problem);
    const refused = await handlers.setKnob(knob.id, input.value);
    if (refused !== undefined) fill(problem, refused);
  });
  const changed = knob.value !== knob.scenarioValue;
  return el(
    'tr',
    { class: changed ? 'changed' : undefined, title: knob.help },
    el('th', { scope: 'row' }, el('label', { for: `knob-${knob.id}` }, knob.label)),
    el('td', {}, input),
    el('td', { class: 'scenario-value' }, knob.scenarioValue),
    problem,
  );
}

function textInput(knob: KnobView): HTMLInputElement {
  return el('input', {
    id: `knob-${knob.id}`,
    'data-knob': knob.id,
    type: 'text',
    value: knob.value,
    size: '12',
    spellcheck: 'false',
  });
}

function choiceInput(knob: KnobView): HTMLSelectElement {
  const options = knob.options ?? [];
  return el(
    'select',
    { id: `knob-${knob.id}`, 'data-knob': knob.id },
    ...options.map((option) =>
      el(
        'option',
        { value: option.value, selected: option.value === knob.value, title: option.help },
        option.value,
      ),
    ),
  );
}

function faultItem(
  index: number,
  fault: SetupView['faults'][number],
  handlers: SetupHandlers,
): HTMLLIElement {
  const box = el('input', { type: 'checkbox', id: `fault-${index}`, 'data-fault': String(index) });
  box.checked = fault.on;
  box.addEventListener('change', () => handlers.switchFault(index, box.checked));
  return el('li', {}, box, ' ', el('label', { for: `fault-${index}` }, `fault ${index + 1}: ${fault.text}`));
}
