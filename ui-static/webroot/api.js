// Thin client for the inpaint HTTP API. URLs are relative so the page also
// works when the service is mounted under a path prefix.

/** A failed request, carrying an RFC 7807 style problem object. */
export class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

async function readProblem(response, what) {
  if (response.status === 401) {
    // the server requires its API token and this browser has no valid login cookie
    window.location.assign('login');
  }
  const contentType = response.headers.get('content-type') || '';
  let body = null;
  if (contentType.includes('json')) {
    body = await response.json().catch(() => null);
  }
  return {
    type: body?.type ?? null,
    title: body?.title || response.statusText || 'Request failed',
    status: body?.status ?? response.status,
    detail: body?.detail || `${what} answered HTTP ${response.status}.`,
    field: body?.field ?? null,
  };
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ProblemError(await readProblem(response, `GET ${url}`));
  return response.json();
}

async function send(method, url, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' } };
  if (body instanceof Blob) {
    init.body = body;
    init.headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, init);
  if (!response.ok) throw new ProblemError(await readProblem(response, `${method} ${url}`));
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : null;
}

const streamPath = (id) => `v1/streams/${encodeURIComponent(id)}`;

export const fetchStreams = async () => (await getJson('v1/streams')).streams ?? [];
export const createStream = (spec) => send('POST', 'v1/streams', spec);
export const stopStream = (id) => send('DELETE', streamPath(id));
export const setStreamEngine = (id, engine) => send('PUT', `${streamPath(id)}/engine`, { engine });
/** mode: 'static' (painted pixels are holes) or 'motion' (what moves inside the painted region). */
export const setStreamMask = (id, maskPng, mode) => send('PUT', `${streamPath(id)}/mask?mode=${mode}`, maskPng);

/** The stream's latest input frame (JPEG). */
export async function fetchStreamFrame(id) {
  const response = await fetch(`${streamPath(id)}/frame`, { cache: 'no-store' });
  if (!response.ok) throw new ProblemError(await readProblem(response, `GET ${streamPath(id)}/frame`));
  return response.blob();
}

export const fetchMetrics = () => getJson('v1/metrics');
export const fetchModels = () => getJson('v1/models');

export const fetchTraining = () => getJson('v1/training');
export const startTraining = (config) => send('POST', 'v1/training', config);
export const stopTraining = () => send('DELETE', 'v1/training');

/** @returns {Promise<{engines: Array<{name, kind, description, workingSize, ready, status}>, default: string|null, auto: string|null}>} */
export async function fetchEngines() {
  const body = await getJson('v1/engines');
  return {
    engines: Array.isArray(body?.engines) ? body.engines : [],
    default: body?.default ?? null,
    auto: body?.auto ?? null,
  };
}

/**
 * Health endpoints often answer 503 with a JSON body when DOWN, so the body
 * is read whatever the status.
 * @returns {Promise<{status:string, httpStatus:number}>}
 */
export async function fetchHealth() {
  const response = await fetch('health', { headers: { Accept: 'application/json' } });
  const contentType = response.headers.get('content-type') || '';
  const body = contentType.includes('json') ? await response.json().catch(() => null) : null;
  if (!body?.status) throw new ProblemError(await readProblem(response, 'GET health'));
  return { status: String(body.status), httpStatus: response.status };
}

function imageForm({ image, imageName, mask, engine, format }) {
  const form = new FormData();
  form.append('image', image, imageName);
  form.append('mask', mask, 'mask.png');
  if (engine) form.append('engine', engine);
  if (format) form.append('format', format);
  return form;
}

/**
 * The object inside box {x, y, width, height}, under points [{x, y}, ...] (clicks) or under scribbles
 * [[{x, y}, ...], ...] (strokes; image pixels), segmented by the server: a PNG mask (white = object).
 */
export async function postSegment({ image, imageName, box, points, scribbles }) {
  const form = new FormData();
  form.append('image', image, imageName);
  if (box) form.append('box', `${box.x},${box.y},${box.width},${box.height}`);
  if (points) form.append('points', JSON.stringify(points.map((p) => [p.x, p.y])));
  if (scribbles) form.append('scribbles', JSON.stringify({ object: scribbles.map((s) => s.map((p) => [p.x, p.y])) }));
  const response = await fetch('v1/segment', {
    method: 'POST',
    body: form,
    headers: { Accept: 'image/png, application/problem+json' },
  });
  if (!response.ok) throw new ProblemError(await readProblem(response, 'POST v1/segment'));
  return response.blob();
}

/** The network's attention for image + mask, as a PNG blob of the image's size. */
export async function postAttention({ image, imageName, mask, engine }) {
  const response = await fetch('v1/attention', {
    method: 'POST',
    body: imageForm({ image, imageName, mask, engine }),
    headers: { Accept: 'image/png, application/problem+json' },
  });
  if (!response.ok) throw new ProblemError(await readProblem(response, 'POST v1/attention'));
  return response.blob();
}

/**
 * Sends image + mask and returns the filled image.
 * @returns {Promise<{blob: Blob, contentType: string, engine: string|null, millis: number|null}>}
 */
export async function postInpaint({ image, imageName, mask, engine, format }) {
  const response = await fetch('v1/inpaint', {
    method: 'POST',
    body: imageForm({ image, imageName, mask, engine, format }),
    headers: { Accept: 'image/*, application/problem+json' },
  });
  if (!response.ok) throw new ProblemError(await readProblem(response, 'POST v1/inpaint'));

  const millisHeader = response.headers.get('X-Inpaint-Millis');
  const millis = millisHeader === null ? null : Number(millisHeader);
  return {
    blob: await response.blob(),
    contentType: response.headers.get('content-type') || '',
    engine: response.headers.get('X-Inpaint-Engine'),
    millis: Number.isFinite(millis) ? millis : null,
  };
}
