// The metrics view: samples GET /v1/metrics every second while shown, keeps the last two minutes, and plots rates
// derived from successive samples (throughput, drops), levels (queue depth, frame rate), the mean batch size per
// interval, and p99 latencies.

import { fetchMetrics } from './api.js';
import { LineChart, formatNumber } from './plot.js';

const SAMPLE_MS = 1000;
const KEEP = 120;

const seconds = (x) => `${formatNumber(x)} s`;
const charts = {};
const samples = [];
let timer = null;

export function initMetrics() {
  const chart = (id, title) => new LineChart(document.getElementById(id), { title, xFormat: seconds });
  charts.throughput = chart('chart-throughput', 'Throughput, jobs/s');
  charts.queue = chart('chart-queue', 'Queue depth');
  charts.batch = chart('chart-batch', 'Mean batch size');
  charts.latency = chart('chart-latency', 'p99 latency, ms');
  charts.fps = chart('chart-fps', 'Stream output, frames/s');
  charts.drops = chart('chart-drops', 'Dropped frames per second');
}

export function setMetricsVisible(visible) {
  clearInterval(timer);
  timer = visible ? setInterval(sample, SAMPLE_MS) : null;
  if (visible) sample();
}

async function sample() {
  let s;
  try {
    s = await fetchMetrics();
  } catch {
    return;
  }
  samples.push(s);
  if (samples.length > KEEP) samples.shift();
  draw();
}

/** One series per key: for each pair of successive samples, f(previous, current, dtSeconds) or null to skip. */
function series(list, keyOf, f) {
  const out = new Map();
  const now = samples[samples.length - 1].time;
  for (let i = 1; i < samples.length; i++) {
    const dt = (samples[i].time - samples[i - 1].time) / 1000;
    for (const item of list(samples[i])) {
      const before = list(samples[i - 1]).find((b) => keyOf(b) === keyOf(item));
      const y = before && dt > 0 ? f(before, item, dt) : null;
      if (y === null || y === undefined || Number.isNaN(y)) continue;
      if (!out.has(keyOf(item))) out.set(keyOf(item), []);
      out.get(keyOf(item)).push([(samples[i].time - now) / 1000, y]);
    }
  }
  return [...out].map(([name, points]) => ({ name, points }));
}

const engines = (s) => s.engines;
const streams = (s) => s.streams;
const byEngine = (e) => e.engine;
const byStream = (s) => s.id;

function batchTotals(e) {
  let jobs = 0;
  let batches = 0;
  e.batches.forEach((count, i) => {
    jobs += count * (i + 1);
    batches += count;
  });
  return { jobs, batches };
}

function draw() {
  if (samples.length < 2) return;
  charts.throughput.setSeries(series(engines, byEngine, (a, b, dt) => (b.completed - a.completed) / dt));
  charts.queue.setSeries(series(engines, byEngine, (a, b) => b.queued));
  charts.batch.setSeries(series(engines, byEngine, (a, b) => {
    const [x, y] = [batchTotals(a), batchTotals(b)];
    return y.batches > x.batches ? (y.jobs - x.jobs) / (y.batches - x.batches) : null;
  }));
  charts.latency.setSeries([
    ...series(streams, byStream, (a, b) => b.latencyMillis?.p99 ?? null),
    ...series(engines, (e) => `${e.engine} (per image)`, (a, b) => b.runMillis?.p99 ?? null),
  ]);
  charts.fps.setSeries(series(streams, byStream, (a, b) => b.fps));
  charts.drops.setSeries(series(streams, byStream, (a, b, dt) => Math.max(0, b.dropped - a.dropped) / dt));
}
