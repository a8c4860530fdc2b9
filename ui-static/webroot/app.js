// Page wiring: file loading, tools, shortcuts, engine list, health, and the
// inpaint request. Drawing lives in mask-editor.js, the result view in compare.js.

import { fetchEngines, fetchHealth, postInpaint, ProblemError } from './api.js';
import { CompareView } from './compare.js';
import { loadImageFile } from './image-file.js';
import { MaskEditor } from './mask-editor.js';

const $ = (id) => document.getElementById(id);

const els = {
  imageInput: $('image-input'),
  dropZone: $('drop-zone'),
  placeholder: $('placeholder'),
  stage: $('stage'),
  canvasArea: $('canvas-area'),
  toolButtons: [...document.querySelectorAll('button.tool')],
  undoButton: $('tool-undo'),
  clearButton: $('tool-clear'),
  brushSize: $('brush-size'),
  brushSizeValue: $('brush-size-value'),
  engineSelect: $('engine-select'),
  formatSelect: $('format-select'),
  inpaintButton: $('inpaint-button'),
  error: $('error'),
  result: $('result'),
  resultHeading: $('result-heading'),
  resultStats: $('result-stats'),
  downloadLink: $('download-link'),
  health: $('health'),
  healthText: $('health-text'),
};

// Which control to mark invalid when the server names a problem field.
const FIELD_CONTROLS = {
  image: 'image-input',
  mask: 'mask-canvas',
  boxes: 'mask-canvas',
  engine: 'engine-select',
  format: 'format-select',
};

const EXTENSIONS = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };
const HEALTH_POLL_MS = 30_000;
const MAX_UPSCALE = 2;

const state = {
  source: null, // result of loadImageFile()
  resultUrl: null,
  busy: false,
};

const editor = new MaskEditor({
  stage: els.stage,
  imageCanvas: $('image-canvas'),
  maskCanvas: $('mask-canvas'),
  boxPreview: els.stage.querySelector('.box-preview'),
  cursor: els.stage.querySelector('.brush-cursor'),
});

const compare = new CompareView({
  root: $('compare'),
  before: $('before-image'),
  after: $('result-image'),
  slider: $('compare-slider'),
  modeButton: $('compare-mode'),
});

init();

function init() {
  els.imageInput.addEventListener('change', () => {
    const file = els.imageInput.files?.[0];
    if (file) openImage(file);
  });
  wireDropZone();
  wireTools();
  document.addEventListener('keydown', onShortcut);
  els.inpaintButton.addEventListener('click', runInpaint);
  editor.addEventListener('change', updateControls);
  new ResizeObserver(relayout).observe(els.canvasArea);
  window.addEventListener('resize', relayout);

  setBrushSize(Number(els.brushSize.value));
  updateControls();
  loadEngines();
  checkHealth();
  setInterval(checkHealth, HEALTH_POLL_MS);
}

// ---- image loading -------------------------------------------------------

async function openImage(file) {
  hideError();
  let loaded;
  try {
    loaded = await loadImageFile(file);
  } catch (err) {
    showError({ title: 'Cannot open the image', detail: err.message, field: 'image' });
    return;
  }
  if (state.source) URL.revokeObjectURL(state.source.url);
  state.source = loaded;
  clearResult();
  editor.load(loaded.image, loaded.width, loaded.height);
  els.placeholder.hidden = true;
  els.stage.hidden = false;
  els.stage.setAttribute('aria-label', `${file.name}, ${loaded.width} × ${loaded.height} pixels`);
  relayout();
  updateControls();
}

function wireDropZone() {
  const zone = els.dropZone;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    zone.classList.add('drag-over');
  });
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', (e) => {
    if (!zone.contains(e.relatedTarget)) zone.classList.remove('drag-over');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('drag-over');
    const file = [...(e.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) {
      showInFileInput(file);
      openImage(file);
    } else {
      showError({ title: 'Not an image', detail: 'Drop a PNG, JPEG or WebP file.', field: 'image' });
    }
  });
}

/** Lets the file input name a dropped file too, so the two ways agree. */
function showInFileInput(file) {
  try {
    const transfer = new DataTransfer();
    transfer.items.add(file);
    els.imageInput.files = transfer.files; // does not fire "change"
  } catch {
    // Older browsers cannot assign files; the input just keeps its old label.
  }
}

// ---- tools and shortcuts -------------------------------------------------

function wireTools() {
  for (const button of els.toolButtons) {
    button.addEventListener('click', () => setTool(button.dataset.tool));
  }
  els.undoButton.addEventListener('click', () => editor.undo());
  els.clearButton.addEventListener('click', () => editor.clear());
  els.brushSize.addEventListener('input', () => setBrushSize(Number(els.brushSize.value)));
}

function setTool(tool) {
  editor.setTool(tool);
  for (const button of els.toolButtons) {
    button.setAttribute('aria-pressed', String(button.dataset.tool === tool));
  }
}

function setBrushSize(size) {
  const min = Number(els.brushSize.min);
  const max = Number(els.brushSize.max);
  const clamped = Math.min(max, Math.max(min, Math.round(size)));
  els.brushSize.value = String(clamped);
  els.brushSizeValue.textContent = String(clamped);
  editor.setBrushSize(clamped);
}

/** Brush step: fine for small brushes, coarse for large ones. */
function brushStep(size) {
  if (size < 10) return 1;
  return size < 40 ? 5 : 10;
}

function stepBrushSize(direction) {
  const size = Number(els.brushSize.value);
  // Shrinking uses the step of the size just below, so ] then [ returns to the start.
  const step = direction > 0 ? brushStep(size) : brushStep(size - 1);
  setBrushSize(size + direction * step);
}

function isTextEntry(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true;
  const nonText = ['range', 'file', 'button', 'submit', 'checkbox', 'radio', 'color', 'reset'];
  return target.tagName === 'INPUT' && !nonText.includes(target.type);
}

function onShortcut(e) {
  if (e.defaultPrevented || isTextEntry(e.target)) return;
  const key = e.key.toLowerCase();

  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && key === 'z') {
    e.preventDefault();
    editor.undo();
    return;
  }
  // Letters would otherwise trigger a select's type-ahead, so leave selects alone.
  if (e.ctrlKey || e.metaKey || e.altKey || e.target.tagName === 'SELECT') return;

  const actions = {
    b: () => setTool('brush'),
    e: () => setTool('eraser'),
    r: () => setTool('box'),
    '[': () => stepBrushSize(-1),
    ']': () => stepBrushSize(+1),
  };
  const action = actions[key];
  if (!action) return;
  e.preventDefault();
  action();
}

function updateControls() {
  const hasImage = editor.loaded;
  els.inpaintButton.disabled = !hasImage || state.busy;
  els.undoButton.disabled = !editor.canUndo;
  els.clearButton.disabled = !hasImage;
}

// ---- layout ----------------------------------------------------------------

/** Largest size with the image's aspect ratio inside maxWidth × maxHeight. */
function fitSize(width, height, maxWidth, maxHeight) {
  const scale = Math.min(maxWidth / width, maxHeight / height, MAX_UPSCALE);
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
  };
}

function relayout() {
  if (!state.source) return;
  const style = getComputedStyle(els.dropZone);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const maxWidth = Math.max(100, els.dropZone.clientWidth - padding);
  // Leave room for the header so the whole image fits on screen at once.
  const maxHeight = Math.max(200, window.innerHeight - 150);
  const size = fitSize(state.source.width, state.source.height, maxWidth, maxHeight);
  editor.setDisplaySize(size.width, size.height);
  compare.setDisplaySize(size.width, size.height);
}

// ---- engines and health -----------------------------------------------------

async function loadEngines() {
  let engines;
  try {
    engines = await fetchEngines();
  } catch (err) {
    // Keep the built-in default option so inpainting can still be tried.
    els.engineSelect.title = 'Engine list unavailable; using the server default';
    showError(describeError(err, 'Could not load the engine list'));
    return;
  }
  if (engines.length > 0) fillEngineSelect(engines);
}

function fillEngineSelect(engines) {
  const select = els.engineSelect;
  const previous = select.value;
  select.replaceChildren(...engines.map(engineOption));
  const ready = engines.filter((engine) => engine.ready);
  const preferred = ready.find((e) => e.name === previous) ?? ready.find((e) => e.name === 'patchmatch') ?? ready[0];
  if (preferred) select.value = preferred.name;
  select.title = '';
}

function engineOption(engine) {
  const option = document.createElement('option');
  option.value = engine.name;
  const kind = engine.kind ? ` (${String(engine.kind).toLowerCase()})` : '';
  option.textContent = engine.ready ? `${engine.name}${kind}` : `${engine.name} (${engine.status || 'not ready'})`;
  option.disabled = !engine.ready;
  option.title = engine.ready ? (engine.description || '') : (engine.status || 'not ready');
  return option;
}

async function checkHealth() {
  let stateName;
  let text;
  try {
    const health = await fetchHealth();
    stateName = health.status.toUpperCase() === 'UP' ? 'up' : 'down';
    text = `Service: ${health.status}`;
  } catch (err) {
    stateName = 'down';
    text = err instanceof ProblemError
      ? `Service: unavailable (HTTP ${err.problem.status})`
      : 'Service: unreachable';
  }
  // Only touch the live region when something changed, to avoid repeated announcements.
  if (els.healthText.textContent !== text) els.healthText.textContent = text;
  els.health.dataset.state = stateName;
}

// ---- inpainting -------------------------------------------------------------

async function runInpaint() {
  if (state.busy || !state.source) return;
  hideError();
  if (editor.isEmpty()) {
    showError({
      title: 'Nothing to remove',
      detail: 'Paint over the area to remove (brush or box) before inpainting.',
      field: 'mask',
    });
    return;
  }
  setBusy(true);
  try {
    const mask = await editor.toMaskBlob();
    const result = await postInpaint({
      image: state.source.upload,
      imageName: state.source.uploadName,
      mask,
      engine: els.engineSelect.value,
      format: els.formatSelect.value,
    });
    showResult(result);
  } catch (err) {
    showError(describeError(err, 'Inpainting failed'));
  } finally {
    setBusy(false);
  }
}

function setBusy(busy) {
  state.busy = busy;
  els.inpaintButton.classList.toggle('busy', busy);
  els.inpaintButton.querySelector('.label').textContent = busy ? 'Inpainting…' : 'Inpaint';
  els.canvasArea.setAttribute('aria-busy', String(busy));
  updateControls();
}

function showResult({ blob, contentType, engine, millis }) {
  clearResult();
  state.resultUrl = URL.createObjectURL(blob);
  compare.show(state.source.url, state.resultUrl);

  const type = (contentType || blob.type).split(';')[0].trim();
  const format = els.formatSelect.value;
  const extension = EXTENSIONS[type] ?? (format === 'jpeg' ? 'jpg' : format);
  els.downloadLink.href = state.resultUrl;
  els.downloadLink.download = `${state.source.baseName}-inpainted.${extension}`;

  const parts = [];
  if (millis !== null) parts.push(`Server time: ${millis} ms`);
  if (engine) parts.push(`Engine: ${engine}`);
  els.resultStats.textContent = parts.join(' · ');

  els.result.hidden = false;
  relayout();
  els.result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  els.resultHeading.focus({ preventScroll: true });
}

function clearResult() {
  if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
  state.resultUrl = null;
  els.result.hidden = true;
  els.downloadLink.removeAttribute('href');
}

// ---- errors -----------------------------------------------------------------

/** Normalizes any thrown value into {title, detail, field, status}. */
function describeError(err, context) {
  if (err instanceof ProblemError) {
    const { title, detail, field, status } = err.problem;
    return { title: `${context}: ${title}`, detail, field, status };
  }
  if (err instanceof TypeError) {
    return { title: context, detail: `Could not reach the server (${err.message}).`, field: null };
  }
  return { title: context, detail: err?.message || String(err), field: null };
}

function showError({ title, detail, field, status }) {
  hideError();
  const box = els.error;
  const heading = document.createElement('strong');
  heading.textContent = status ? `${title} (HTTP ${status})` : title;
  const message = document.createElement('p');
  message.className = 'detail';
  message.textContent = detail || '';
  box.replaceChildren(heading, message);
  if (field) {
    const fieldLine = document.createElement('p');
    fieldLine.className = 'field-name';
    fieldLine.textContent = `Field: ${field}`;
    box.append(fieldLine);
    $(FIELD_CONTROLS[field])?.setAttribute('aria-invalid', 'true');
  }
  box.dataset.field = field || '';
  box.hidden = false;
}

function hideError() {
  els.error.hidden = true;
  els.error.replaceChildren();
  delete els.error.dataset.field;
  for (const control of document.querySelectorAll('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
  }
}
