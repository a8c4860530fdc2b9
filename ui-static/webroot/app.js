// Page wiring: the views (one shown at a time, chosen by the URL's #fragment), and the service health indicator.
// Each view polls the server only while it is shown.

import { ProblemError, fetchHealth } from './api.js';
import { editStreamMask, initEditor } from './editor.js';
import { initMetrics, setMetricsVisible } from './metrics.js';
import { renderModelsView } from './models.js';
import { initStreams, setStreamsVisible } from './streams.js';
import { initTraining, setTrainingVisible } from './training.js';

const HEALTH_POLL_MS = 30_000;
const DEFAULT_VIEW = 'streams';

const views = {
  streams: { onShow: () => setStreamsVisible(true), onHide: () => setStreamsVisible(false) },
  editor: {},
  training: { onShow: () => setTrainingVisible(true), onHide: () => setTrainingVisible(false) },
  metrics: { onShow: () => setMetricsVisible(true), onHide: () => setMetricsVisible(false) },
  models: {
    onShow: () => renderModelsView(document.getElementById('models-list'), document.getElementById('models-root')),
  },
};
let current = null;

initEditor();
initStreams({
  onEditMask: (id, frame, resume) => {
    location.hash = '#editor';
    editStreamMask(id, frame, resume);
  },
});
initTraining();
initMetrics();
window.addEventListener('hashchange', () => show(viewFromHash(), true));
show(viewFromHash(), false);
checkHealth();
setInterval(checkHealth, HEALTH_POLL_MS);

function viewFromHash() {
  const name = location.hash.slice(1);
  return name in views ? name : DEFAULT_VIEW;
}

function show(name, moveFocus) {
  if (name === current) return;
  if (current) views[current].onHide?.();
  current = name;
  for (const section of document.querySelectorAll('.view')) {
    section.hidden = section.dataset.view !== name;
  }
  for (const link of document.querySelectorAll('.views-nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `inpaint: ${document.querySelector(`.views-nav a[data-view="${name}"]`).textContent}`;
  views[name].onShow?.();
  // Keyboard and screen reader users land at the start of the view they chose.
  if (moveFocus) document.getElementById('main').focus({ preventScroll: true });
}

async function checkHealth() {
  const box = document.getElementById('health');
  const label = document.getElementById('health-text');
  let stateName;
  let text;
  try {
    const health = await fetchHealth();
    stateName = health.status.toUpperCase() === 'UP' ? 'up' : 'down';
    text = `Service: ${health.status}`;
  } catch (err) {
    stateName = 'down';
    text = err instanceof ProblemError ? `Service: unavailable (HTTP ${err.problem.status})` : 'Service: unreachable';
  }
  // Only touch the live region when something changed, to avoid repeated announcements.
  if (label.textContent !== text) label.textContent = text;
  box.dataset.state = stateName;
}
