// Before/after view: a split view (the "after" image is clipped from the
// split position to the right edge) or the two images side by side.

export class CompareView {
  #dragPointer = null;
  #displaySize = null;

  /**
   * @param {{root: HTMLElement, before: HTMLImageElement, after: HTMLImageElement,
   *          slider: HTMLInputElement, modeButton: HTMLButtonElement}} parts
   */
  constructor({ root, before, after, slider, modeButton }) {
    this.root = root;
    this.before = before;
    this.after = after;
    this.slider = slider;
    this.modeButton = modeButton;
    this.sideBySide = false;
    this.#listen();
  }

  show(beforeUrl, afterUrl) {
    this.before.src = beforeUrl;
    this.after.src = afterUrl;
    this.setSplit(Number(this.slider.value));
  }

  /** Size of the split view in CSS pixels (side by side lays itself out). */
  setDisplaySize(width, height) {
    this.#displaySize = { width, height };
    this.#applySize();
  }

  /** @param {number} percent 0 = all "after", 100 = all "before" */
  setSplit(percent) {
    const clamped = Math.min(100, Math.max(0, Math.round(percent)));
    this.root.style.setProperty('--split', `${clamped}%`);
    this.slider.value = String(clamped);
    this.slider.setAttribute('aria-valuetext', `${clamped}% before, ${100 - clamped}% after`);
  }

  setSideBySide(on) {
    this.sideBySide = on;
    this.root.classList.toggle('side-by-side', on);
    this.root.classList.toggle('split', !on);
    this.modeButton.setAttribute('aria-pressed', String(on));
    this.slider.closest('.field').hidden = on;
    this.#applySize();
  }

  #applySize() {
    const size = this.sideBySide ? null : this.#displaySize;
    this.root.style.width = size ? `${size.width}px` : '';
    this.root.style.height = size ? `${size.height}px` : '';
  }

  #listen() {
    this.slider.addEventListener('input', () => this.setSplit(Number(this.slider.value)));
    this.modeButton.addEventListener('click', () => this.setSideBySide(!this.sideBySide));

    this.root.addEventListener('pointerdown', (e) => {
      if (this.sideBySide || (e.pointerType === 'mouse' && e.button !== 0)) return;
      e.preventDefault();
      this.#dragPointer = e.pointerId;
      this.root.setPointerCapture(e.pointerId);
      this.#splitAt(e.clientX);
    });
    this.root.addEventListener('pointermove', (e) => {
      if (e.pointerId === this.#dragPointer) this.#splitAt(e.clientX);
    });
    const stop = (e) => {
      if (e.pointerId === this.#dragPointer) this.#dragPointer = null;
    };
    this.root.addEventListener('pointerup', stop);
    this.root.addEventListener('pointercancel', stop);
  }

  #splitAt(clientX) {
    const rect = this.root.getBoundingClientRect();
    if (rect.width > 0) this.setSplit(((clientX - rect.left) / rect.width) * 100);
  }
}
