// Turns a user-chosen file into something the editor can show and the
// server can receive with a mask of exactly the same size.

/**
 * @returns {Promise<{image: HTMLImageElement, width: number, height: number,
 *   url: string, upload: Blob, uploadName: string, baseName: string}>}
 */
export async function loadImageFile(file) {
  if (file.type && !file.type.startsWith('image/')) {
    throw new Error(`"${file.name}" is not an image (${file.type}).`);
  }
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new Error(`"${file.name}" could not be read as an image.`);
  }

  const baseName = stripExtension(file.name) || 'image';
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  const loaded = { image, width, height, url, upload: file, uploadName: file.name, baseName };

  // Browsers apply the EXIF orientation when drawing, a server decoder may
  // not; then the mask (painted on what the user sees) would be transposed.
  // Sending the pixels as shown keeps image and mask in agreement.
  if ((await jpegOrientation(file)) > 1) {
    loaded.upload = await renderToPng(image, width, height);
    loaded.uploadName = `${baseName}.png`;
  }
  return loaded;
}

function stripExtension(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function renderToPng(image, width, height) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(image, 0, 0);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}

/** EXIF orientation tag (1..8) of a JPEG file, 1 when absent or not a JPEG. */
async function jpegOrientation(file) {
  const view = new DataView(await file.slice(0, 256 * 1024).arrayBuffer());
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return 1;
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return 1; // bad data or start of scan
    const length = view.getUint16(offset + 2);
    const isExif = marker === 0xffe1 && offset + 10 <= view.byteLength
      && view.getUint32(offset + 4) === 0x45786966; // "Exif"
    if (isExif) return exifOrientation(view, offset + 10, Math.min(view.byteLength, offset + 2 + length));
    offset += 2 + length;
  }
  return 1;
}

function exifOrientation(view, tiffStart, end) {
  if (tiffStart + 8 > end) return 1;
  const little = view.getUint16(tiffStart) === 0x4949; // "II"
  const ifd0 = tiffStart + view.getUint32(tiffStart + 4, little);
  if (ifd0 + 2 > end) return 1;
  const entries = view.getUint16(ifd0, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > end) break;
    if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little);
  }
  return 1;
}
