// Error boxes: a problem from the server (or any thrown value) shown in a role="alert" element, with the
// control the server names as the field at fault marked invalid.

import { ProblemError } from './api.js';

/** Normalizes any thrown value into {title, detail, field, status}. */
export function describeError(err, context) {
  if (err instanceof ProblemError) {
    const { title, detail, field, status } = err.problem;
    return { title: `${context}: ${title}`, detail, field, status };
  }
  if (err instanceof TypeError) {
    return { title: context, detail: `Could not reach the server (${err.message}).`, field: null };
  }
  return { title: context, detail: err?.message || String(err), field: null };
}

/**
 * @param {HTMLElement} box the alert element
 * @param {{title: string, detail?: string, field?: string, status?: number}} problem
 * @param {Record<string, string>} fieldControls server field name -> id of the control to mark invalid
 */
export function showError(box, { title, detail, field, status }, fieldControls = {}) {
  hideError(box);
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
    const control = document.getElementById(fieldControls[field]);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      box.dataset.control = control.id;
    }
  }
  box.dataset.field = field || '';
  box.hidden = false;
}

export function hideError(box) {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.field;
  if (box.dataset.control) {
    document.getElementById(box.dataset.control)?.removeAttribute('aria-invalid');
    delete box.dataset.control;
  }
}
