// The editor view: an image (a file, or a paused stream's frame), the mask painted over it, and what to do with
// the mask: inpaint the image and compare, show a network's attention, or apply the mask to the stream.
// Drawing lives in mask-editor.js, the before/after view in compare.js.

import { postAttention, postInpaint, postSegment, setStreamMask } from './api.js';
import { CompareView } from './compare.js';
import { ATTENTION_ENGINES, fillEngineSelect, loadEngines } from './engines.js';
import { describeError, hideError, showError } from './errors.js';
import { loadImageFile } from './image-file.js';
import { MaskEditor } from './mask-editor.js';
import { loadModels, renderModelCard } from './models.js';

const $ = (id) => document.getElementById(id);

const els = {
  imageInput: $('image-input'),
  imageSource: $('image-source'),
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
  engineCard: $('engine-card'),
  engineCardBody: $('engine-card-body'),
  formatSelect: $('format-select'),
  imageActions: $('image-actions'),
  inpaintButton: $('inpaint-button'),
  attentionButton: $('attention-button'),
  error: $('error'),
  result: $('result'),
  resultHeading: $('result-heading'),
  resultStats: $('result-stats'),
  downloadLink: $('download-link'),
  attention: $('attention'),
  attentionHeading: $('attention-heading'),
  attentionStats: $('attention-stats'),
  attentionBase: $('attention-base'),
  attentionImage: $('attention-image'),
  attentionOpacity: $('attention-opacity'),
  streamTarget: $('stream-target'),
  streamTargetName: $('stream-target-name'),
  applyStreamMask: $('apply-stream-mask'),
  leaveStream: $('leave-stream'),
  applyStatus: $('apply-status'),
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
const MAX_UPSCALE = 2;

const state = {
  source: null, // result of loadImageFile()
  stream: null, // {id, onLeave} while editing a stream's mask
  resultUrl: null,
  attentionUrl: null,
  busy: false,
};

const editor = new MaskEditor({
  stage: els.stage,
  imageCanvas: $('image-canvas'),
  maskCanvas: $('mask-canvas'),
  boxPreview: els.stage.querySelector('.box-preview'),
  cursor: els.stage.querySelector('.brush-cursor'),
  polygonPreview: els.stage.querySelector('.polygon-preview'),
});

const compare = new CompareView({
  root: $('compare'),
  before: $('before-image'),
  after: $('result-image'),
  slider: $('compare-slider'),
  modeButton: $('compare-mode'),
});

export function initEditor() {
  els.imageInput.addEventListener('change', () => {
    const file = els.imageInput.files?.[0];
    if (file) openImage(file);
  });
  wireDropZone();
  wireTools();
  document.addEventListener('keydown', onShortcut);
  els.inpaintButton.addEventListener('click', runInpaint);
  els.attentionButton.addEventListener('click', runAttention);
  els.engineSelect.addEventListener('change', () => {
    updateControls();
    showEngineCard();
  });
  els.attentionOpacity.addEventListener('input', () => {
    els.attentionImage.style.opacity = String(Number(els.attentionOpacity.value) / 100);
  });
  els.applyStreamMask.addEventListener('click', applyToStream);
  els.leaveStream.addEventListener('click', leaveStream);
  editor.addEventListener('change', updateControls);
  editor.addEventListener('select', (e) => runSelect(e.detail));
  new ResizeObserver(relayout).observe(els.canvasArea);

  setBrushSize(Number(els.brushSize.value));
  updateControls();
  loadEngineChoice();
}

/** Opens a paused stream's frame for mask painting; onLeave runs when the user goes back to the streams. */
export async function editStreamMask(id, frame, onLeave) {
  if (state.stream && state.stream.id !== id) state.stream.onLeave();
  state.stream = { id, onLeave };
  els.streamTargetName.textContent = id;
  els.streamTarget.hidden = false;
  els.imageSource.hidden = true;
  els.imageActions.hidden = true;
  els.applyStatus.textContent = '';
  await openImage(new File([frame], `${id}-frame.jpg`, { type: frame.type || 'image/jpeg' }));
}

// ---- image loading -------------------------------------------------------

async function openImage(file) {
  hideError(els.error);
  let loaded;
  try {
    loaded = await loadImageFile(file);
  } catch (err) {
    showError(els.error, { title: 'Cannot open the image', detail: err.message, field: 'image' }, FIELD_CONTROLS);
    return;
  }
  if (state.source) URL.revokeObjectURL(state.source.url);
  state.source = loaded;
  clearResult();
  clearAttention();
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
      if (state.stream) leaveStream();
      showInFileInput(file);
      openImage(file);
    } else {
      showError(els.error, { title: 'Not an image', detail: 'Drop a PNG, JPEG or WebP file.', field: 'image' }, FIELD_CONTROLS);
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
  if (e.defaultPrevented || isTextEntry(e.target) || location.hash !== '#editor') return;
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
    s: () => setTool('select'),
    p: () => setTool('polygon'),
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
  els.attentionButton.disabled = !hasImage || state.busy || !ATTENTION_ENGINES.has(els.engineSelect.value);
  els.applyStreamMask.disabled = !hasImage || state.busy;
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
  if (!state.source || els.dropZone.clientWidth === 0) return;
  const style = getComputedStyle(els.dropZone);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const maxWidth = Math.max(100, els.dropZone.clientWidth - padding);
  // Leave room for the header so the whole image fits on screen at once.
  const maxHeight = Math.max(200, window.innerHeight - 150);
  const size = fitSize(state.source.width, state.source.height, maxWidth, maxHeight);
  editor.setDisplaySize(size.width, size.height);
  compare.setDisplaySize(size.width, size.height);
  els.attentionBase.parentElement.style.width = `${size.width}px`;
}

// ---- engines and model cards -------------------------------------------------

async function loadEngineChoice() {
  try {
    const { engines, default: preferred, auto } = await loadEngines();
    fillEngineSelect(els.engineSelect, engines, preferred, auto);
  } catch (err) {
    showError(els.error, describeError(err, 'Could not load the engine list'), FIELD_CONTROLS);
  }
  updateControls();
  showEngineCard();
}

async function showEngineCard() {
  const name = els.engineSelect.value;
  let model;
  try {
    model = (await loadModels()).models.find((m) => m.name === name);
  } catch {
    model = null; // the card is extra information: the editor works without it
  }
  els.engineCard.hidden = !model;
  if (model) els.engineCardBody.replaceChildren(renderModelCard(model));
}

// ---- inpainting and attention ------------------------------------------------

/** The painted mask, or null after showing why there is none. */
async function maskOrComplain() {
  if (editor.isEmpty()) {
    showError(els.error, {
      title: 'Nothing painted',
      detail: 'Paint over the area first (brush, box or polygon).',
      field: 'mask',
    }, FIELD_CONTROLS);
    return null;
  }
  return editor.toMaskBlob();
}

async function busyWhile(button, work) {
  if (state.busy || !state.source) return;
  hideError(els.error);
  setBusy(true, button);
  try {
    await work();
  } finally {
    setBusy(false, button);
  }
}

function runInpaint() {
  return busyWhile(els.inpaintButton, async () => {
    const mask = await maskOrComplain();
    if (!mask) return;
    try {
      const result = await postInpaint({
        image: state.source.upload,
        imageName: state.source.uploadName,
        mask,
        engine: els.engineSelect.value,
        format: els.formatSelect.value,
      });
      showResult(result);
    } catch (err) {
      showError(els.error, describeError(err, 'Inpainting failed'), FIELD_CONTROLS);
    }
  });
}

/**
 * Segments the object in the dragged box, under the click or under the stroke, on the server and adds it to the
 * mask, for the brush to correct.
 */
function runSelect({ box, points, scribbles }) {
  return busyWhile(els.inpaintButton, async () => {
    try {
      const picture = await postSegment({
        image: state.source.upload, imageName: state.source.uploadName, box, points, scribbles,
      });
      const bitmap = await createImageBitmap(picture);
      editor.paintMask(bitmap);
      bitmap.close();
    } catch (err) {
      showError(els.error, describeError(err, 'Selecting the object failed'), FIELD_CONTROLS);
    }
  });
}

function runAttention() {
  return busyWhile(els.attentionButton, async () => {
    const mask = await maskOrComplain();
    if (!mask) return;
    const engine = els.engineSelect.value;
    try {
      const picture = await postAttention({
        image: state.source.upload, imageName: state.source.uploadName, mask, engine,
      });
      clearAttention();
      state.attentionUrl = URL.createObjectURL(picture);
      els.attentionBase.src = state.source.url;
      els.attentionImage.src = state.attentionUrl;
      els.attentionStats.textContent = `Engine: ${engine}`;
      els.attention.hidden = false;
      els.attention.scrollIntoView({ block: 'nearest' });
      els.attentionHeading.focus({ preventScroll: true });
    } catch (err) {
      showError(els.error, describeError(err, 'Attention map failed'), FIELD_CONTROLS);
    }
  });
}

function setBusy(busy, button) {
  state.busy = busy;
  button.classList.toggle('busy', busy);
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
  els.result.scrollIntoView({ block: 'nearest' });
  els.resultHeading.focus({ preventScroll: true });
}

function clearResult() {
  if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
  state.resultUrl = null;
  els.result.hidden = true;
  els.downloadLink.removeAttribute('href');
}

function clearAttention() {
  if (state.attentionUrl) URL.revokeObjectURL(state.attentionUrl);
  state.attentionUrl = null;
  els.attention.hidden = true;
}

// ---- stream masks ---------------------------------------------------------------

function applyToStream() {
  return busyWhile(els.applyStreamMask, async () => {
    const mask = await maskOrComplain();
    if (!mask) return;
    const mode = document.querySelector('input[name="mask-mode"]:checked').value;
    try {
      await setStreamMask(state.stream.id, mask, mode);
      els.applyStatus.textContent = `Applied to ${state.stream.id} (${mode === 'motion' ? 'motion within region' : 'static region'}).`;
    } catch (err) {
      showError(els.error, describeError(err, 'Could not apply the mask'), FIELD_CONTROLS);
    }
  });
}

function leaveStream() {
  const stream = state.stream;
  state.stream = null;
  els.streamTarget.hidden = true;
  els.imageSource.hidden = false;
  els.imageActions.hidden = false;
  stream?.onLeave();
  location.hash = '#streams';
}
