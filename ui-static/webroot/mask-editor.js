// Mask painting on top of the image.
//
// The mask canvas has the image's natural size and is scaled with CSS. Painted
// pixels are opaque red; the canvas itself is shown half transparent (CSS), so
// overlapping strokes don't get darker. Only the alpha channel matters: it is
// thresholded into the black/white mask on export.
//
// Tools: brush and eraser (strokes), box (drag a rectangle), polygon (click the corners; double-click, Enter or a
// click on the first corner closes it). The focused mask canvas also takes the keyboard: arrows move a cursor,
// Space paints or places a corner, Enter closes a polygon, Escape cancels the shape in progress.

const PAINT_RGB = [255, 24, 24];
const PAINT_COLOR = `rgb(${PAINT_RGB.join(',')})`;
const UNDO_LIMIT = 20;
const UNDO_BUDGET_BYTES = 128 * 1024 * 1024;
export const TOOLS = ['brush', 'eraser', 'box', 'polygon', 'select'];
const CLOSE_DISTANCE_CSS = 10; // a click this close to the first corner closes the polygon

export class MaskEditor extends EventTarget {
  #drag = null;
  #undo = [];
  #loaded = false;
  #lastPointer = null;
  #polygon = []; // corners placed so far, image coordinates
  #keyCursor = null; // keyboard cursor, image coordinates
  #keyBoxStart = null;

  /**
   * @param {{stage: HTMLElement, imageCanvas: HTMLCanvasElement, maskCanvas: HTMLCanvasElement,
   *          boxPreview: HTMLElement, cursor: HTMLElement, polygonPreview: SVGSVGElement}} parts
   */
  constructor({ stage, imageCanvas, maskCanvas, boxPreview, cursor, polygonPreview }) {
    super();
    this.stage = stage;
    this.polygonPreview = polygonPreview;
    this.imageCanvas = imageCanvas;
    this.maskCanvas = maskCanvas;
    this.boxPreview = boxPreview;
    this.cursor = cursor;
    this.mask = maskCanvas.getContext('2d', { willReadFrequently: true });
    this.tool = 'brush';
    this.brushSize = 30; // diameter in CSS pixels, i.e. as seen on screen
    this.#listen();
  }

  get loaded() { return this.#loaded; }
  get canUndo() { return this.#undo.length > 0; }

  /** Shows a new image and starts an empty mask of the same size. */
  load(image, width, height) {
    for (const canvas of [this.imageCanvas, this.maskCanvas]) {
      canvas.width = width;
      canvas.height = height;
    }
    this.imageCanvas.getContext('2d').drawImage(image, 0, 0, width, height);
    this.mask.clearRect(0, 0, width, height);
    this.polygonPreview.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.polygonPreview.setAttribute('preserveAspectRatio', 'none');
    this.#undo = [];
    this.#drag = null;
    this.#keyCursor = { x: width / 2, y: height / 2 };
    this.cancelShape();
    this.#loaded = true;
    this.stage.dataset.tool = this.tool;
    this.#changed();
  }

  setDisplaySize(width, height) {
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
  }

  setTool(tool) {
    if (!TOOLS.includes(tool)) return;
    this.cancelShape();
    this.tool = tool;
    this.stage.dataset.tool = tool;
    this.#updateCursor();
  }

  setBrushSize(size) {
    this.brushSize = size;
    this.#updateCursor();
  }

  /** Drops a polygon or keyboard box in progress. */
  cancelShape() {
    this.#polygon = [];
    this.#keyBoxStart = null;
    this.boxPreview.hidden = true;
    this.#showPolygonPreview(null);
  }

  clear() {
    if (!this.#loaded || this.isEmpty()) return;
    this.#pushUndo();
    this.mask.clearRect(0, 0, this.maskCanvas.width, this.maskCanvas.height);
    this.#changed();
  }

  undo() {
    const alpha = this.#undo.pop();
    if (!alpha) return false;
    const { width, height } = this.maskCanvas;
    const pixels = this.mask.createImageData(width, height);
    const data = pixels.data;
    for (let i = 0, j = 0; i < alpha.length; i++, j += 4) {
      data[j] = PAINT_RGB[0];
      data[j + 1] = PAINT_RGB[1];
      data[j + 2] = PAINT_RGB[2];
      data[j + 3] = alpha[i];
    }
    this.mask.putImageData(pixels, 0, 0);
    this.#changed();
    return true;
  }

  /**
   * Adds the white pixels of a mask image of the image's size (e.g. an object the server segmented) to the painted
   * holes, as one undoable step; the brush and eraser then correct it.
   * @param {ImageBitmap|HTMLImageElement} picture
   */
  paintMask(picture) {
    const { width, height } = this.maskCanvas;
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    const sctx = scratch.getContext('2d');
    sctx.drawImage(picture, 0, 0, width, height);
    const source = sctx.getImageData(0, 0, width, height).data;
    this.#pushUndo();
    const current = this.mask.getImageData(0, 0, width, height);
    const data = current.data;
    for (let j = 0; j < data.length; j += 4) {
      if (source[j] >= 128) {
        data[j] = PAINT_RGB[0];
        data[j + 1] = PAINT_RGB[1];
        data[j + 2] = PAINT_RGB[2];
        data[j + 3] = 255;
      }
    }
    this.mask.putImageData(current, 0, 0);
    this.#changed();
  }

  /** True when no pixel would come out white in the exported mask. */
  isEmpty() {
    if (!this.#loaded) return true;
    const data = this.#readPixels();
    for (let j = 3; j < data.length; j += 4) {
      if (data[j] >= 128) return false;
    }
    return true;
  }

  /**
   * The mask as a PNG of the image's natural size: white (255) where painted,
   * black (0) elsewhere. Antialiased stroke edges are thresholded at half
   * alpha so the file holds no grey.
   * @returns {Promise<Blob>}
   */
  toMaskBlob() {
    const { width, height } = this.maskCanvas;
    const source = this.#readPixels();
    const out = new ImageData(width, height);
    const data = out.data;
    for (let j = 0; j < data.length; j += 4) {
      const value = source[j + 3] >= 128 ? 255 : 0;
      data[j] = value;
      data[j + 1] = value;
      data[j + 2] = value;
      data[j + 3] = 255;
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').putImageData(out, 0, 0);
    return new Promise((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Mask PNG encoding failed'))), 'image/png');
    });
  }

  // ---- pointer input ------------------------------------------------------

  #listen() {
    const canvas = this.maskCanvas;
    canvas.addEventListener('pointerdown', (e) => this.#onPointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.#onPointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.#onPointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.#onPointerUp(e));
    canvas.addEventListener('pointerleave', () => {
      this.#lastPointer = null;
      this.#updateCursor();
    });
    canvas.addEventListener('dblclick', (e) => {
      if (this.tool !== 'polygon') return;
      e.preventDefault();
      this.#closePolygon();
    });
    canvas.addEventListener('keydown', (e) => this.#onKey(e));
    canvas.addEventListener('blur', () => this.#updateCursor());
    canvas.addEventListener('focus', () => this.#updateCursor());
  }

  #onPointerDown(e) {
    if (!this.#loaded || this.#drag || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    if (this.tool === 'polygon') {
      this.#addPolygonCorner(this.#toImagePoint(e));
      return;
    }
    this.maskCanvas.setPointerCapture(e.pointerId);
    this.#pushUndo();
    const point = this.#toImagePoint(e);
    this.#drag = { pointerId: e.pointerId, start: point, last: point, lineWidth: this.#brushInImagePixels() };
    if (this.tool === 'select' && e.shiftKey) {
      // Shift: a stroke over the object instead of a box around it
      this.#drag.stroke = [point];
      this.#showStrokePreview(this.#drag.stroke);
    } else if (this.tool === 'box' || this.tool === 'select') {
      this.#showBoxPreview(point, point);
    } else {
      this.#paintSegment(point, point, this.#drag.lineWidth);
    }
  }

  #onPointerMove(e) {
    this.#lastPointer = this.#toStagePoint(e);
    this.#updateCursor();
    if (this.tool === 'polygon' && this.#polygon.length > 0) {
      this.#showPolygonPreview(this.#toImagePoint(e));
      return;
    }
    const drag = this.#drag;
    if (!drag || e.pointerId !== drag.pointerId) return;

    if (drag.stroke) {
      const point = this.#toImagePoint(e);
      const last = drag.stroke[drag.stroke.length - 1];
      if (Math.hypot(point.x - last.x, point.y - last.y) >= 2) {
        drag.stroke.push(point);
        this.#showStrokePreview(drag.stroke);
      }
      return;
    }
    if (this.tool === 'box' || this.tool === 'select') {
      this.#showBoxPreview(drag.start, this.#toImagePoint(e));
      return;
    }
    // Coalesced events keep fast strokes smooth instead of polygonal.
    const coalesced = e.getCoalescedEvents?.() ?? [];
    for (const event of coalesced.length ? coalesced : [e]) {
      const point = this.#toImagePoint(event);
      this.#paintSegment(drag.last, point, drag.lineWidth);
      drag.last = point;
    }
  }

  #onPointerUp(e) {
    const drag = this.#drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    this.#drag = null;
    if (this.tool === 'box') {
      this.boxPreview.hidden = true;
      const committed = e.type === 'pointerup' && this.#fillBox(drag.start, this.#toImagePoint(e));
      if (!committed) this.#undo.pop(); // nothing changed: drop the snapshot taken on pointerdown
    }
    if (this.tool === 'select' && drag.stroke) {
      this.#showStrokePreview(null);
      this.#undo.pop(); // the mask changes when the segmentation arrives
      const inside = (p) => ({
        x: Math.min(this.maskCanvas.width - 1, Math.max(0, Math.floor(p.x))),
        y: Math.min(this.maskCanvas.height - 1, Math.max(0, Math.floor(p.y))),
      });
      if (e.type === 'pointerup') {
        this.dispatchEvent(new CustomEvent('select', { detail: { scribbles: [drag.stroke.map(inside)] } }));
      }
      return;
    }
    if (this.tool === 'select') {
      this.boxPreview.hidden = true;
      this.#undo.pop(); // the mask changes when the segmentation arrives (paintMask keeps its own snapshot)
      const end = this.#toImagePoint(e);
      const rect = this.#pixelRect(drag.start, end);
      if (e.type === 'pointerup' && rect.width >= 4 && rect.height >= 4) {
        this.dispatchEvent(new CustomEvent('select', { detail: { box: rect } }));
      } else if (e.type === 'pointerup') {
        // no drag: a click on the object
        const point = { x: Math.floor(end.x), y: Math.floor(end.y) };
        if (point.x >= 0 && point.y >= 0 && point.x < this.maskCanvas.width && point.y < this.maskCanvas.height) {
          this.dispatchEvent(new CustomEvent('select', { detail: { points: [point] } }));
        }
      }
      return;
    }
    this.#changed();
  }

  // ---- drawing --------------------------------------------------------------

  #paintSegment(from, to, lineWidth) {
    const ctx = this.mask;
    ctx.save();
    ctx.globalCompositeOperation = this.tool === 'eraser' ? 'destination-out' : 'source-over';
    ctx.fillStyle = PAINT_COLOR;
    ctx.strokeStyle = PAINT_COLOR;
    ctx.lineWidth = lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    if (from.x === to.x && from.y === to.y) {
      // A zero-length line draws nothing, so a single click paints a dot.
      ctx.arc(to.x, to.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
    ctx.restore();
  }

  #addPolygonCorner(point) {
    const first = this.#polygon[0];
    if (this.#polygon.length >= 3) {
      const reach = CLOSE_DISTANCE_CSS / this.#cssPerImagePixel();
      if (Math.hypot(point.x - first.x, point.y - first.y) <= reach) {
        this.#closePolygon();
        return;
      }
    }
    this.#polygon.push(point);
    this.#showPolygonPreview(null);
  }

  /** Fills the polygon placed so far (at least three distinct corners), as one undoable step. */
  #closePolygon() {
    const corners = this.#polygon.filter((p, i, all) => i === 0
      || Math.hypot(p.x - all[i - 1].x, p.y - all[i - 1].y) >= 1);
    this.#polygon = [];
    this.#showPolygonPreview(null);
    if (corners.length < 3) return;
    this.#pushUndo();
    const ctx = this.mask;
    ctx.fillStyle = PAINT_COLOR;
    ctx.beginPath();
    corners.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.closePath();
    ctx.fill();
    this.#changed();
  }

  /** The select tool's stroke as it is drawn (null hides it), in the polygon tool's overlay. */
  #showStrokePreview(stroke) {
    this.polygonPreview.querySelector('polyline')
      .setAttribute('points', (stroke ?? []).map((p) => `${p.x},${p.y}`).join(' '));
  }

  #showPolygonPreview(pointer) {
    const points = pointer ? [...this.#polygon, pointer] : this.#polygon;
    this.polygonPreview.querySelector('polyline')
      .setAttribute('points', points.map((p) => `${p.x},${p.y}`).join(' '));
  }

  // ---- keyboard -----------------------------------------------------------------

  #onKey(e) {
    if (!this.#loaded || e.ctrlKey || e.metaKey || e.altKey) return;
    const { width, height } = this.maskCanvas;
    const step = Math.max(1, Math.round(Math.min(width, height) / 50)) * (e.shiftKey ? 5 : 1);
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      this.#keyCursor = {
        x: Math.min(width, Math.max(0, this.#keyCursor.x + dx)),
        y: Math.min(height, Math.max(0, this.#keyCursor.y + dy)),
      };
      if (this.#keyBoxStart) this.#showBoxPreview(this.#keyBoxStart, this.#keyCursor);
      if (this.#polygon.length) this.#showPolygonPreview(this.#keyCursor);
    } else if (e.key === ' ') {
      this.#keyAction();
    } else if (e.key === 'Enter' && this.tool === 'polygon') {
      this.#closePolygon();
    } else if (e.key === 'Escape') {
      this.cancelShape();
    } else if (e.key === 'Backspace' && this.#polygon.length) {
      this.#polygon.pop();
      this.#showPolygonPreview(this.#keyCursor);
    } else {
      return;
    }
    e.preventDefault();
    this.#lastPointer = null;
    this.#updateCursor();
  }

  /** Space: stamp the brush or eraser, or place a box or polygon corner, at the keyboard cursor. */
  #keyAction() {
    const point = { ...this.#keyCursor };
    if (this.tool === 'polygon') {
      this.#addPolygonCorner(point);
    } else if (this.tool === 'box') {
      if (!this.#keyBoxStart) {
        this.#keyBoxStart = point;
        this.#showBoxPreview(point, point);
        return;
      }
      this.#pushUndo();
      if (!this.#fillBox(this.#keyBoxStart, point)) this.#undo.pop();
      this.#keyBoxStart = null;
      this.boxPreview.hidden = true;
      this.#changed();
    } else {
      this.#pushUndo();
      this.#paintSegment(point, point, this.#brushInImagePixels());
      this.#changed();
    }
  }

  /** Fills the rectangle between two image points; false if it is empty. */
  #fillBox(a, b) {
    const rect = this.#pixelRect(a, b);
    if (rect.width < 1 || rect.height < 1) return false;
    this.mask.fillStyle = PAINT_COLOR;
    this.mask.fillRect(rect.x, rect.y, rect.width, rect.height);
    return true;
  }

  /** Integer rectangle clamped to the canvas, so the box edges stay crisp. */
  #pixelRect(a, b) {
    const { width, height } = this.maskCanvas;
    const clampX = (v) => Math.min(width, Math.max(0, v));
    const clampY = (v) => Math.min(height, Math.max(0, v));
    const x0 = clampX(Math.floor(Math.min(a.x, b.x)));
    const y0 = clampY(Math.floor(Math.min(a.y, b.y)));
    const x1 = clampX(Math.ceil(Math.max(a.x, b.x)));
    const y1 = clampY(Math.ceil(Math.max(a.y, b.y)));
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }

  #showBoxPreview(a, b) {
    const rect = this.#pixelRect(a, b);
    const scale = this.#cssPerImagePixel();
    Object.assign(this.boxPreview.style, {
      left: `${rect.x * scale}px`,
      top: `${rect.y * scale}px`,
      width: `${rect.width * scale}px`,
      height: `${rect.height * scale}px`,
    });
    this.boxPreview.hidden = false;
  }

  #updateCursor() {
    const keyboard = this.#lastPointer === null && document.activeElement === this.maskCanvas && this.#keyCursor;
    const scale = this.#cssPerImagePixel();
    const at = this.#lastPointer ?? (keyboard ? { x: this.#keyCursor.x * scale, y: this.#keyCursor.y * scale } : null);
    const stroke = this.tool === 'brush' || this.tool === 'eraser';
    const show = this.#loaded && at !== null && (stroke || keyboard);
    this.cursor.hidden = !show;
    if (!show) return;
    const size = stroke ? this.brushSize : 12;
    this.cursor.classList.toggle('crosshair', !stroke);
    Object.assign(this.cursor.style, {
      left: `${at.x}px`,
      top: `${at.y}px`,
      width: `${size}px`,
      height: `${size}px`,
    });
  }

  // ---- coordinates and helpers ----------------------------------------------

  #cssPerImagePixel() {
    const rect = this.maskCanvas.getBoundingClientRect();
    return rect.width / this.maskCanvas.width || 1;
  }

  #brushInImagePixels() {
    return Math.max(1, this.brushSize / this.#cssPerImagePixel());
  }

  #toStagePoint(e) {
    const rect = this.maskCanvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  #toImagePoint(e) {
    const point = this.#toStagePoint(e);
    const scale = this.#cssPerImagePixel();
    return { x: point.x / scale, y: point.y / scale };
  }

  #readPixels() {
    return this.mask.getImageData(0, 0, this.maskCanvas.width, this.maskCanvas.height).data;
  }

  /** Snapshots only the alpha channel: a quarter of the memory of full RGBA. */
  #pushUndo() {
    const data = this.#readPixels();
    const alpha = new Uint8Array(data.length / 4);
    for (let i = 0, j = 3; i < alpha.length; i++, j += 4) alpha[i] = data[j];
    this.#undo.push(alpha);
    const limit = Math.max(1, Math.min(UNDO_LIMIT, Math.floor(UNDO_BUDGET_BYTES / alpha.length)));
    while (this.#undo.length > limit) this.#undo.shift();
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
