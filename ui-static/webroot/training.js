// The training dashboard: start a run (POST /v1/training), follow it by polling GET /v1/training (every second
// while a run is active), draw its loss curves, show images/s, ETA, the sample grids as they are written and the
// checkpoints; stop it (DELETE /v1/training).

import { ProblemError, fetchTraining, startTraining, stopTraining } from './api.js';
import { describeError, hideError, showError } from './errors.js';
import { LineChart, formatNumber } from './plot.js';

const ACTIVE_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;
const SAMPLES_SHOWN = 6;
const ACTIVE = new Set(['running', 'stopping']);

const $ = (id) => document.getElementById(id);
const els = {
  form: $('training-form'),
  model: $('train-model'),
  data: $('train-data'),
  val: $('train-val'),
  valMasks: $('train-val-masks'),
  size: $('train-size'),
  steps: $('train-steps'),
  width: $('train-width'),
  batch: $('train-batch'),
  out: $('train-out'),
  resume: $('train-resume'),
  start: $('train-start'),
  stop: $('train-stop'),
  error: $('training-error'),
  state: $('training-state'),
  step: $('train-step'),
  ips: $('train-ips'),
  eta: $('train-eta'),
  progress: $('train-progress'),
  samples: $('train-samples'),
  checkpoints: $('train-checkpoints'),
};
const FIELD_CONTROLS = {
  model: 'train-model', data: 'train-data', val: 'train-val', valMasks: 'train-val-masks', size: 'train-size', steps: 'train-steps',
  width: 'train-width', batch: 'train-batch', out: 'train-out', resume: 'train-resume',
};

let chart;
let timer = null;
let visible = false;
let shownSamples = '';

export function initTraining() {
  chart = new LineChart($('loss-chart'), { title: 'Loss curves', xFormat: (x) => `${Math.round(x)}` });
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  els.stop.addEventListener('click', stop);
}

export function setTrainingVisible(on) {
  visible = on;
  clearTimeout(timer);
  timer = null;
  if (on) poll();
}

async function poll() {
  clearTimeout(timer);
  let status = null;
  try {
    status = await fetchTraining();
    render(status);
  } catch (err) {
    renderUnavailable(err);
  }
  if (visible) timer = setTimeout(poll, status && ACTIVE.has(status.state) ? ACTIVE_POLL_MS : IDLE_POLL_MS);
}

function config() {
  const number = (input) => Number(input.value);
  const body = {
    model: els.model.value,
    data: els.data.value.trim(),
    size: number(els.size),
    steps: number(els.steps),
    width: number(els.width),
    batch: number(els.batch),
    resume: els.resume.checked,
  };
  if (els.val.value.trim()) {
    body.val = els.val.value.trim();
    body.valMasks = els.valMasks.value;
  }
  if (els.out.value.trim()) body.out = els.out.value.trim();
  return body;
}

async function start() {
  hideError(els.error);
  if (!els.data.value.trim()) {
    showError(els.error, { title: 'No data', detail: 'Give the directory of training images.', field: 'data' }, FIELD_CONTROLS);
    els.data.focus();
    return;
  }
  els.start.disabled = true;
  try {
    render(await startTraining(config()));
  } catch (err) {
    showError(els.error, describeError(err, 'Could not start training'), FIELD_CONTROLS);
    els.start.disabled = false;
  }
  poll();
}

async function stop() {
  hideError(els.error);
  els.stop.disabled = true;
  try {
    await stopTraining();
  } catch (err) {
    showError(els.error, describeError(err, 'Could not stop training'), FIELD_CONTROLS);
  }
  poll();
}

function setState(state, text) {
  els.state.dataset.state = state;
  els.state.textContent = text;
}

function renderUnavailable(err) {
  const missing = err instanceof ProblemError && err.problem.status === 404;
  setState('unavailable', missing ? 'Training is not available on this server' : 'State: unknown (no answer)');
  els.start.disabled = missing;
  els.stop.disabled = true;
}

function render(status) {
  const active = ACTIVE.has(status.state);
  setState(status.state, `State: ${status.state}`);
  els.start.disabled = active;
  els.stop.disabled = status.state !== 'running';
  for (const input of [els.model, els.data, els.size, els.steps, els.width, els.batch, els.out, els.resume]) {
    input.disabled = active; // a run's settings are fixed once it started
  }
  if (status.error) {
    showError(els.error, { title: 'Training failed', detail: status.error });
  }

  const steps = status.steps || status.config?.steps || 0;
  els.step.textContent = steps ? `${status.step ?? 0} / ${steps}` : '–';
  els.progress.max = Math.max(1, steps);
  els.progress.value = Math.min(status.step ?? 0, els.progress.max);
  els.ips.textContent = status.imagesPerSecond == null ? '–' : formatNumber(status.imagesPerSecond);
  els.eta.textContent = active && status.etaSeconds != null ? duration(status.etaSeconds) : '–';

  chart.setSeries(lossSeries(status.history ?? []));
  renderSamples(status.samples ?? []);
  renderCheckpoints(status.checkpoints ?? []);
}

function duration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return `${h} h ${m} min`;
  return m ? `${m} min ${s % 60} s` : `${s} s`;
}

function lossSeries(history) {
  const byName = new Map();
  for (const entry of history) {
    for (const [name, value] of Object.entries(entry.losses ?? {})) {
      if (!Number.isFinite(value)) continue;
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push([entry.step, value]);
    }
  }
  return [...byName].map(([name, points]) => ({ name, points }));
}

/** Newest first; rebuilt only when the list changes, so images do not flicker. */
function renderSamples(urls) {
  const newest = urls.slice(-SAMPLES_SHOWN).reverse();
  const key = newest.join('\n');
  if (key === shownSamples) return;
  shownSamples = key;
  if (newest.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'No samples yet.';
    els.samples.replaceChildren(empty);
    return;
  }
  els.samples.replaceChildren(...newest.map((url) => {
    const step = /(\d+)\.\w+$/.exec(url)?.[1];
    const figure = document.createElement('figure');
    const image = document.createElement('img');
    image.src = url.replace(/^\//, '');
    image.alt = step ? `Sample grid at step ${Number(step)}` : 'Sample grid';
    image.loading = 'lazy';
    const caption = document.createElement('figcaption');
    caption.textContent = step ? `step ${Number(step)}` : url.split('/').pop();
    figure.append(image, caption);
    return figure;
  }));
}

const formatDb = (db) => `${db >= 0 ? '+' : '−'}${Math.abs(db).toFixed(2)} dB`;

function renderCheckpoints(checkpoints) {
  if (checkpoints.length === 0) {
    els.checkpoints.innerHTML = '<tr><td colspan="5" class="empty">None yet.</td></tr>';
    return;
  }
  els.checkpoints.replaceChildren(...checkpoints.slice().reverse().map((c) => {
    const row = document.createElement('tr');
    const cells = [String(c.step), c.valL1 == null ? '–' : formatNumber(c.valL1) + (c.best ? ' (best)' : ''),
      c.gainDb == null ? '–' : `${formatDb(c.gainDb)} (${c.weights} weights)`,
      c.worstBinDb == null ? '–' : `${formatDb(c.worstBinDb)} ${c.worstBin}`, c.file];
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = text;
      row.append(cell);
    });
    if (c.best) row.classList.add('best');
    return row;
  }));
}
