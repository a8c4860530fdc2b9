// A small line chart on a canvas: several named series, axes with round ticks, a legend with each series'
// latest value. Sized by CSS; redrawn on resize. The canvas' aria-label carries the latest values as text.

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** Round tick values covering [min, max], about `count` of them. */
function ticks(min, max, count) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function formatNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (Number.isInteger(v)) return a >= 1000 ? v.toLocaleString('en') : String(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en');
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.01) return v.toFixed(3).replace(/\.?0+$/, '');
  return v.toExponential(1);
}

/** Whole counts with thousands separators. */
export function formatCount(v) {
  return v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en');
}

export class LineChart {
  #series = [];

  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{title: string, xFormat?: (x:number)=>string, yMin?: number}} options
   */
  constructor(canvas, { title, xFormat = formatNumber, yMin = 0 } = {}) {
    this.canvas = canvas;
    this.title = title;
    this.xFormat = xFormat;
    this.yMin = yMin;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** @param {Array<{name: string, points: Array<[number, number]>}>} series */
  setSeries(series) {
    this.#series = series.filter((s) => s.points.length > 0);
    const total = this.#series.reduce((n, s) => n + s.points.length, 0);
    this.canvas.dataset.points = String(total);
    const latest = this.#series.map((s) => `${s.name} ${formatNumber(s.points[s.points.length - 1][1])}`);
    this.canvas.setAttribute('aria-label', `${this.title}: ${latest.length ? latest.join(', ') : 'no data yet'}`);
    this.draw();
  }

  draw() {
    const canvas = this.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);

    const style = getComputedStyle(canvas);
    const text = style.getPropertyValue('--text').trim() || '#222';
    const grid = style.getPropertyValue('--border').trim() || '#ccc';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    if (this.#series.length === 0) {
      ctx.fillStyle = text;
      ctx.textAlign = 'center';
      ctx.fillText('no data yet', width / 2, height / 2);
      return;
    }
    const legendHeight = this.#drawLegend(ctx, width, text);
    const all = this.#series.flatMap((s) => s.points);
    let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
    let [y0, y1] = [Math.min(this.yMin, ...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) y1 = y0 + 1;
    y1 += (y1 - y0) * 0.05;
    const yTicks = ticks(y0, y1, Math.max(2, Math.floor((height - legendHeight) / 40)));
    const left = 8 + Math.max(...yTicks.map((t) => ctx.measureText(formatNumber(t)).width));
    const box = { left, right: width - 10, top: legendHeight + 6, bottom: height - 22 };
    const px = (x) => box.left + ((x - x0) / (x1 - x0)) * (box.right - box.left);
    const py = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);

    ctx.strokeStyle = grid;
    ctx.fillStyle = text;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    for (const t of yTicks) {
      const y = Math.round(py(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.right, y);
      ctx.stroke();
      ctx.fillText(formatNumber(t), box.left - 4, y);
    }
    ctx.textAlign = 'center';
    let previousLabel = null;
    for (const t of ticks(x0, x1, Math.max(2, Math.floor((box.right - box.left) / 80)))) {
      const label = this.xFormat(t);
      if (label === previousLabel) continue; // integer axes (steps) would repeat labels between whole numbers
      previousLabel = label;
      ctx.fillText(label, px(t), box.bottom + 12);
    }

    this.#series.forEach((s, i) => {
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      ctx.lineWidth = 2;
      ctx.beginPath();
      s.points.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
      if (s.points.length === 1) ctx.arc(px(s.points[0][0]), py(s.points[0][1]), 2, 0, Math.PI * 2);
      ctx.stroke();
    });
  }

  /** Legend entries wrapped over as many rows as the width needs; returns the height used. */
  #drawLegend(ctx, width, text) {
    let x = 8;
    let y = 10;
    ctx.textAlign = 'left';
    this.#series.forEach((s, i) => {
      const label = `${s.name} ${formatNumber(s.points[s.points.length - 1][1])}`;
      const w = 18 + ctx.measureText(label).width + 14;
      if (x + w > width && x > 8) {
        x = 8;
        y += 16;
      }
      ctx.fillStyle = PALETTE[i % PALETTE.length];
      ctx.fillRect(x, y - 2, 12, 4);
      ctx.fillStyle = text;
      ctx.fillText(label, x + 16, y);
      x += w;
    });
    return y + 8;
  }
}
