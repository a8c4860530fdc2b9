// The engine list, fetched once per page and shared by every engine selector.

import { fetchEngines } from './api.js';

/** Engines whose networks have an attention layer that /v1/attention can show. */
export const ATTENTION_ENGINES = new Set(['deepfill', 'csa']);

let engines = null;

/** @returns {Promise<{engines: Array<object>, default: string|null}>} */
export function loadEngines() {
  engines ??= fetchEngines().catch((err) => {
    engines = null; // try again next time
    throw err;
  });
  return engines;
}

/**
 * Fills a select with the engines (unready ones disabled), keeping the current choice when it is still ready.
 * With `auto` (the server's description of its "auto" choice) the list starts with that choice.
 */
export function fillEngineSelect(select, list, preferred, auto = null) {
  const previous = select.value || preferred;
  const choices = auto ? [{ name: 'auto', kind: 'best measured', ready: true, description: auto }, ...list] : list;
  select.replaceChildren(...choices.map(engineOption));
  const ready = choices.filter((engine) => engine.ready);
  const chosen = ready.find((e) => e.name === previous) ?? ready.find((e) => e.name === 'patchmatch') ?? ready[0];
  if (chosen) select.value = chosen.name;
}

function engineOption(engine) {
  const option = document.createElement('option');
  option.value = engine.name;
  const kind = engine.kind ? ` (${String(engine.kind).toLowerCase()})` : '';
  option.textContent = engine.ready ? `${engine.name}${kind}` : `${engine.name} (not ready)`;
  option.disabled = !engine.ready;
  option.title = engine.ready ? (engine.description || '') : (engine.status || 'not ready');
  return option;
}
