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

/** @returns {Promise<Array<{name:string, kind:string, description:string, ready:boolean, status:string}>>} */
export async function fetchEngines() {
  const body = await getJson('v1/engines');
  return Array.isArray(body?.engines) ? body.engines : [];
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

/**
 * Sends image + mask and returns the filled image.
 * @returns {Promise<{blob: Blob, contentType: string, engine: string|null, millis: number|null}>}
 */
export async function postInpaint({ image, imageName, mask, engine, format }) {
  const form = new FormData();
  form.append('image', image, imageName);
  form.append('mask', mask, 'mask.png');
  if (engine) form.append('engine', engine);
  if (format) form.append('format', format);

  const response = await fetch('v1/inpaint', {
    method: 'POST',
    body: form,
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
