// Live stream previews: one card per stream with before/after frames from the preview WebSocket
// (binary messages: one tag byte, 0 = before or 1 = after, then a JPEG) and the stream's counters.

const list = document.getElementById('stream-list');
const cards = new Map();

function wsUrl(path) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${path}`;
}

function card(stream) {
  const el = document.createElement('article');
  el.className = 'stream-card';
  el.id = `stream-${stream.id}`;
  el.innerHTML = `
    <h3></h3>
    <div class="stream-frames">
      <figure><img class="stream-before" alt="input frame"><figcaption>input</figcaption></figure>
      <figure><img class="stream-after" alt="frame with objects removed"><figcaption>result</figcaption></figure>
    </div>
    <p class="stream-stats"></p>`;
  el.querySelector('h3').textContent = `${stream.id} · ${stream.engine} · ${stream.mask.kind} mask`;
  list.appendChild(el);
  const images = [el.querySelector('.stream-before'), el.querySelector('.stream-after')];
  const urls = [null, null];
  let frames = 0;
  const socket = new WebSocket(wsUrl(stream.preview));
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (event) => {
    const bytes = new Uint8Array(event.data);
    const which = bytes[0];
    const blob = new Blob([bytes.subarray(1)], { type: 'image/jpeg' });
    if (urls[which]) URL.revokeObjectURL(urls[which]);
    urls[which] = URL.createObjectURL(blob);
    images[which].src = urls[which];
    if (which === 1) frames += 1;
    el.dataset.frames = String(frames);
  };
  return { el, socket, started: performance.now(), previewFrames: () => frames };
}

function render(stream, entry) {
  const seconds = (performance.now() - entry.started) / 1000;
  const fps = seconds > 0 ? (entry.previewFrames() / seconds).toFixed(1) : '0';
  const latency = stream.lastLatencyMillis == null ? '–' : `${stream.lastLatencyMillis} ms`;
  entry.el.querySelector('.stream-stats').textContent =
    `${stream.state} · preview ${fps} fps · latency ${latency} · frames ${stream.framesOut}/${stream.framesIn}` +
    ` · dropped ${stream.dropped}` + (stream.lastError ? ` · ${stream.lastError}` : '');
}

async function refresh() {
  let streams = [];
  try {
    const response = await fetch('v1/streams');
    if (!response.ok) return;
    streams = (await response.json()).streams;
  } catch {
    return;
  }
  const seen = new Set();
  for (const stream of streams) {
    seen.add(stream.id);
    if (!cards.has(stream.id)) cards.set(stream.id, card(stream));
    render(stream, cards.get(stream.id));
  }
  for (const [id, entry] of cards) {
    if (!seen.has(id)) {
      entry.socket.close();
      entry.el.remove();
      cards.delete(id);
    }
  }
  if (streams.length === 0) list.textContent = 'No streams running.';
  else if (list.firstChild && list.firstChild.nodeType === Node.TEXT_NODE) list.firstChild.remove();
}

refresh();
setInterval(refresh, 2000);
