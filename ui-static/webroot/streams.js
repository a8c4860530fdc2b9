// The streams view: a card per running stream with its live before/after preview from the preview WebSocket
// (binary messages: one tag byte, 0 = before or 1 = after, then a JPEG), its rate, latency and drops, its engine
// (switchable live), pause-and-edit-mask and stop; and a form to add a stream.

import { createStream, fetchStreamFrame, fetchStreams, setStreamEngine, stopStream } from './api.js';
import { CompareView } from './compare.js';
import { fillEngineSelect, loadEngines } from './engines.js';
import { describeError, hideError, showError } from './errors.js';
import { formatCount, formatNumber } from './plot.js';

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

const els = {
  form: $('stream-form'),
  source: $('stream-source'),
  id: $('stream-id'),
  engine: $('stream-engine'),
  loop: $('stream-loop'),
  add: $('stream-add'),
  error: $('streams-error'),
  grid: $('stream-grid'),
  empty: $('streams-empty'),
};
const FIELD_CONTROLS = { source: 'stream-source', id: 'stream-id', engine: 'stream-engine' };

const cards = new Map();
let timer = null;
let editMask = null;

function wsUrl(path) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${location.pathname.replace(/[^/]*$/, '')}${path.replace(/^\//, '')}`;
}

/** @param {{onEditMask: (id: string, frame: Blob, resume: () => void) => void}} options */
export function initStreams({ onEditMask }) {
  editMask = onEditMask;
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    addStream();
  });
  // a stream runs telea for "auto" (see the README); the list offers the engines themselves
  loadEngines().then(({ engines, default: preferred }) => fillEngineSelect(els.engine, engines,
    preferred === 'auto' ? 'telea' : preferred))
    .catch((err) => showError(els.error, describeError(err, 'Could not load the engine list')));
}

/** Polls and previews only while the view is shown; hidden, every socket is closed. */
export function setStreamsVisible(visible) {
  clearInterval(timer);
  timer = null;
  if (visible) {
    refresh();
    timer = setInterval(refresh, POLL_MS);
  } else {
    for (const id of [...cards.keys()]) removeCard(id);
  }
}

async function addStream() {
  hideError(els.error);
  const source = els.source.value.trim();
  if (!source) {
    showError(els.error, { title: 'No source', detail: 'Give a file path or a stream URL.', field: 'source' }, FIELD_CONTROLS);
    els.source.focus();
    return;
  }
  const spec = { source, engine: els.engine.value, loop: els.loop.checked };
  if (els.id.value.trim()) spec.id = els.id.value.trim();
  els.add.disabled = true;
  try {
    await createStream(spec);
    els.form.reset();
    await refresh();
  } catch (err) {
    showError(els.error, describeError(err, 'Could not add the stream'), FIELD_CONTROLS);
  } finally {
    els.add.disabled = false;
  }
}

async function refresh() {
  let streams;
  try {
    streams = await fetchStreams();
  } catch {
    return; // the health indicator tells when the service is down
  }
  if (timer === null) return; // hidden while the request was out
  const seen = new Set();
  for (const stream of streams) {
    seen.add(stream.id);
    if (!cards.has(stream.id)) cards.set(stream.id, createCard(stream));
    renderStats(cards.get(stream.id), stream);
  }
  for (const id of [...cards.keys()]) {
    if (!seen.has(id)) removeCard(id);
  }
  els.empty.hidden = streams.length > 0;
}

function removeCard(id) {
  const card = cards.get(id);
  card.socket.close();
  card.urls.forEach((u) => u && URL.revokeObjectURL(u));
  card.el.remove();
  cards.delete(id);
}

function createCard(stream) {
  const key = stream.id.replace(/[^A-Za-z0-9_-]/g, '_');
  const el = document.createElement('article');
  el.className = 'stream-card panel';
  el.id = `stream-${key}`;
  el.dataset.stream = stream.id;
  el.setAttribute('aria-labelledby', `stream-title-${key}`);
  el.innerHTML = `
    <div class="stream-head">
      <h3 id="stream-title-${key}"></h3>
      <span class="badge stream-state" role="status"></span>
    </div>
    <div class="compare split stream-compare" style="--split: 50%">
      <figure class="pane before"><img class="stream-before" alt="" draggable="false"><figcaption>Input</figcaption></figure>
      <figure class="pane after"><img class="stream-after" alt="" draggable="false"><figcaption>Result</figcaption></figure>
      <div class="divider" aria-hidden="true"></div>
    </div>
    <div class="stream-view-controls">
      <div class="field split-field">
        <label for="split-${key}">Input / result split</label>
        <input id="split-${key}" type="range" min="0" max="100" step="1" value="50">
      </div>
      <button type="button" class="stream-mode" aria-pressed="false">Side by side</button>
    </div>
    <dl class="stream-stats">
      <div><dt>Output</dt><dd class="stat-fps">–</dd></div>
      <div><dt>Preview</dt><dd class="stat-preview">–</dd></div>
      <div><dt>Latency</dt><dd class="stat-latency">–</dd></div>
      <div><dt>Dropped</dt><dd class="stat-dropped">–</dd></div>
    </dl>
    <p class="small stream-source"></p>
    <div class="stream-actions">
      <div class="field">
        <label for="engine-${key}">Engine</label>
        <select id="engine-${key}" class="stream-engine"></select>
      </div>
      <button type="button" class="stream-pause">Pause &amp; edit mask</button>
      <button type="button" class="stream-stop">Stop</button>
    </div>`;
  const q = (selector) => el.querySelector(selector);
  q('h3').textContent = stream.id;
  q('.stream-before').alt = `${stream.id}: input frame`;
  q('.stream-after').alt = `${stream.id}: frame with the masked objects removed`;
  els.grid.appendChild(el);

  const card = {
    el,
    images: [q('.stream-before'), q('.stream-after')],
    blobs: [null, null],
    urls: [null, null],
    frames: 0,
    opened: performance.now(),
    paused: false,
    socket: null,
  };
  new CompareView({
    root: q('.stream-compare'), before: card.images[0], after: card.images[1],
    slider: q(`#split-${key}`), modeButton: q('.stream-mode'),
  }).setSplit(50);

  const engineSelect = q('.stream-engine');
  loadEngines().then(({ engines }) => {
    fillEngineSelect(engineSelect, engines, stream.engine);
    engineSelect.value = stream.engine;
  }).catch(() => {});
  engineSelect.addEventListener('change', () => switchEngine(card, stream.id, engineSelect));
  q('.stream-pause').addEventListener('click', () => togglePause(card, stream.id));
  q('.stream-stop').addEventListener('click', () => stop(card, stream.id));

  card.socket = openPreview(card, stream.preview);
  return card;
}

function openPreview(card, path) {
  const socket = new WebSocket(wsUrl(path));
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (event) => {
    if (card.paused) return;
    const bytes = new Uint8Array(event.data);
    const which = bytes[0];
    if (which > 1) return;
    const blob = new Blob([bytes.subarray(1)], { type: 'image/jpeg' });
    if (card.urls[which]) URL.revokeObjectURL(card.urls[which]);
    card.blobs[which] = blob;
    card.urls[which] = URL.createObjectURL(blob);
    const image = card.images[which];
    image.src = card.urls[which];
    if (which === 1) {
      card.frames += 1;
      card.el.dataset.frames = String(card.frames);
      if (!card.el.style.getPropertyValue('--aspect')) {
        image.decode().then(() => card.el.style.setProperty('--aspect', `${image.naturalWidth} / ${image.naturalHeight}`))
          .catch(() => {});
      }
    }
  };
  return socket;
}

function renderStats(card, stream) {
  const q = (selector) => card.el.querySelector(selector);
  const state = card.paused ? 'paused' : stream.state.toLowerCase();
  q('.stream-state').textContent = state;
  card.el.dataset.state = state;
  const seconds = (performance.now() - card.opened) / 1000;
  q('.stat-fps').textContent = `${formatNumber(stream.fps)} fps`;
  q('.stat-preview').textContent = `${formatNumber(seconds > 0 ? card.frames / seconds : 0)} fps`;
  q('.stat-latency').textContent = stream.lastLatencyMillis == null ? '–' : `${stream.lastLatencyMillis} ms`;
  q('.stat-dropped').textContent = `${formatCount(stream.dropped)} of ${formatCount(stream.framesIn)}`;
  q('.stream-source').textContent = `${stream.source} · ${stream.mask.kind} mask`
    + (stream.lastError ? ` · error: ${stream.lastError}` : '');
  const select = q('.stream-engine');
  if (document.activeElement !== select && select.options.length) select.value = stream.engine;
}

async function switchEngine(card, id, select) {
  hideError(els.error);
  try {
    await setStreamEngine(id, select.value);
  } catch (err) {
    showError(els.error, describeError(err, `Could not switch ${id} to ${select.value}`));
  }
}

/** Freezes the preview and opens the frozen input frame in the mask editor. */
async function togglePause(card, id) {
  const button = card.el.querySelector('.stream-pause');
  if (card.paused) {
    resume(card);
    return;
  }
  card.paused = true;
  button.textContent = 'Resume';
  hideError(els.error);
  try {
    const frame = card.blobs[0] ?? await fetchStreamFrame(id);
    editMask(id, frame, () => resume(card));
  } catch (err) {
    resume(card);
    showError(els.error, describeError(err, `Could not take a frame of ${id}`));
  }
}

function resume(card) {
  card.paused = false;
  card.el.querySelector('.stream-pause').textContent = 'Pause & edit mask';
}

async function stop(card, id) {
  const button = card.el.querySelector('.stream-stop');
  button.disabled = true;
  hideError(els.error);
  try {
    await stopStream(id);
    removeCard(id);
    await refresh();
  } catch (err) {
    button.disabled = false;
    showError(els.error, describeError(err, `Could not stop ${id}`));
  }
}
