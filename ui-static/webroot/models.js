// Model cards: what a network's served weights were trained on and how they measured. Shown in the Models view
// and beside the engine choice of the editor.

import { fetchModels } from './api.js';
import { loadEngines } from './engines.js';
import { describeError } from './errors.js';
import { formatCount, formatNumber } from './plot.js';

let models = null;

/** @returns {Promise<{weights: string, models: Array<object>}>} */
export function loadModels() {
  models ??= fetchModels().catch((err) => {
    models = null;
    throw err;
  });
  return models;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Metric keys like "psnr_hole_(0.1,0.2]" become a table of metric × hole-ratio bin; other keys one column. */
function metricsTable(metrics) {
  const rows = new Map();
  const bins = [];
  for (const [key, value] of Object.entries(metrics)) {
    const match = /^(.*?)_?([([][^()[\]]*[)\]])$/.exec(key);
    const [name, bin] = match ? [match[1], match[2]] : [key, 'value'];
    if (!bins.includes(bin)) bins.push(bin);
    if (!rows.has(name)) rows.set(name, new Map());
    rows.get(name).set(bin, value);
  }
  const head = el('tr', {}, el('th', { scope: 'col', textContent: 'Measure' }),
    ...bins.map((b) => el('th', { scope: 'col', textContent: b === 'value' ? '' : `hole ${b}` })));
  const body = [...rows].map(([name, values]) => el('tr', {}, el('th', { scope: 'row', textContent: name }),
    ...bins.map((b) => el('td', { textContent: values.has(b) ? formatNumber(values.get(b)) : '' }))));
  return el('table', { className: 'data-table' }, el('thead', {}, head), el('tbody', {}, ...body));
}

/** One card: the served version's facts, the measured table, the deviations from the paper. */
export function renderModelCard(model) {
  const card = el('article', { className: 'model-card' });
  card.dataset.model = model.name;
  card.append(el('h3', { textContent: model.name }), el('p', { className: 'small', textContent: model.paper }));
  const served = model.versions.find((v) => v.version === model.served);
  if (!served) {
    card.append(el('p', { className: 'not-ready small', textContent: `Not ready: ${model.status}` }));
    return card;
  }
  const facts = [
    ['Version', `${served.version} (served${model.versions.length > 1 ? `, ${model.versions.length} stored` : ''})`],
    ['Training data', served.trainingData],
    ['Steps', formatCount(served.steps)],
    ['Width, input', `${served.width} × paper width, ${served.inputSize} px`],
    ['Parameters', formatCount(served.parameters)],
    ['Created', served.createdAt],
  ];
  card.append(el('dl', { className: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', { textContent: k }),
    el('dd', { textContent: v ?? '–' })])));
  if (Object.keys(served.metrics).length > 0) {
    card.append(el('h4', { textContent: 'Measured' }), metricsTable(served.metrics));
  } else {
    card.append(el('p', { className: 'small', textContent: 'No measurements recorded on this card.' }));
  }
  if (served.deviations.length > 0) {
    card.append(el('h4', { textContent: 'Departures from the paper' }),
      el('ul', {}, ...served.deviations.map((d) => el('li', { textContent: d }))));
  }
  return card;
}

/** The Models view: every engine, then the card of each network. */
export async function renderModelsView(root, note) {
  try {
    const [{ engines }, { weights, models: list }] = await Promise.all([loadEngines(), loadModels()]);
    note.textContent = `Weights directory: ${weights}`;
    const byName = new Map(list.map((m) => [m.name, m]));
    root.replaceChildren(...engines.map((engine) => {
      const model = byName.get(engine.name);
      if (model) return renderModelCard(model);
      const card = el('article', { className: 'model-card' },
        el('h3', { textContent: engine.name }),
        el('p', { className: 'small', textContent: `${String(engine.kind).toLowerCase()}: ${engine.description}` }),
        el('p', { className: 'small', textContent: !engine.ready ? `Not ready: ${engine.status}`
          : engine.workingSize > 0 ? `Ready; works on crops up to ${engine.workingSize} px.` : 'Ready; any image size.' }));
      card.dataset.model = engine.name;
      return card;
    }));
  } catch (err) {
    const { title, detail } = describeError(err, 'Could not load the engines');
    root.replaceChildren(el('p', { className: 'error', role: 'alert', textContent: `${title}. ${detail}` }));
  }
}
