/**
 * "Change a setting": one knob or one fault switch per visit, then back to the menu, where the
 * next move is usually to run. A knob shows its value, and the scenario's when it was changed.
 */
import type { Knob } from '../../scenario/knob.js';
import { toggleFault, withScenario, type PlaySetup } from '../../scenario/play-setup.js';
import { describeFault } from '../../hunt/describe-fault.js';
import type { Prompter } from './prompter.js';

type Pick = { readonly knob: Knob } | { readonly fault: number } | 'back';

export async function changeSetting(prompter: Prompter, setup: PlaySetup): Promise<PlaySetup> {
  const picked = await prompter.select<Pick>({
    message: 'Change which setting?',
    choices: settingChoices(setup),
  });
  if (picked === 'back') return setup;
  if ('fault' in picked) {
    const switched = toggleFault(setup, picked.fault);
    prompter.say(
      `fault ${picked.fault + 1} is now ${switched.faultsOn[picked.fault] === true ? 'on' : 'off'}\n`,
    );
    return switched;
  }
  const changed = await askKnob(prompter, picked.knob, setup);
  prompter.say(
    `${picked.knob.label}: ${picked.knob.show(setup.scenario)} → ${picked.knob.show(changed.scenario)}\n`,
  );
  return changed;
}

function settingChoices(setup: PlaySetup): { name: string; value: Pick; description?: string }[] {
  const knobs = setup.knobs.map((knob) => {
    const [now, was] = [knob.show(setup.scenario), knob.show(setup.base)];
    return {
      name: `${knob.label}: ${now}${now === was ? '' : `  (scenario: ${was})`}`,
      value: { knob } as Pick,
      description: knob.help,
    };
  });
  const faults = setup.base.faults.map((fault, index) => ({
    name: `fault ${index + 1}: ${setup.faultsOn[index] === false ? 'off' : 'on'}  ${describeFault(fault)}`,
    value: { fault: index } as Pick,
    description: 'Enter switches it on or off',
  }));
  return [...knobs, ...faults, { name: '← back to the menu', value: 'back' }];
}

async function askKnob(prompter: Prompter, knob: Knob, setup: PlaySetup): Promise<PlaySetup> {
  const current = knob.show(setup.scenario);
  if (knob.options !== undefined) {
    const value = await prompter.select({
      message: `${knob.label} (${knob.help}):`,
      choices: knob.options.map((option) => ({
        name: option.value,
        value: option.value,
        description: option.help,
      })),
      default: current,
    });
    const result = knob.set(setup.scenario, value);
    return result.ok ? withScenario(setup, result.value) : setup;
  }
  const scenario = await prompter.input({
    message: `New ${knob.label} (now ${current}; Enter keeps it):`,
    // An empty answer keeps the value: "about 4.1s" is shown, not typed back.
    parse: (text) =>
      text.trim() === '' ? { ok: true, value: setup.scenario } : knob.set(setup.scenario, text),
  });
  return withScenario(setup, scenario);
}
