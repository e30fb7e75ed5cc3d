// Browser glue for photos and files (image decoding, canvas, WebCrypto,
// FileReader): no image codec or base64 code in the WASM.

const MAX_SIDE = 1600;
const JPEG_QUALITY = 0.85;

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(blob) {
  return hex(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
}

// The first bytes of a file, for the shared rule of what it is
// (netral_shared::media::MediaType::sniff).
export async function fileHead(file) {
  return new Uint8Array(await file.slice(0, 64).arrayBuffer());
}

// An image file as a JPEG of at most MAX_SIDE px (EXIF orientation applied
// by createImageBitmap), with its hashes; rejects what does not decode.
export async function preparePhoto(file) {
  const originalSha256 = await sha256Hex(file);
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  // A transparent screenshot would turn black in a JPEG.
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const small = Object.assign(document.createElement("canvas"), { width: 36, height: 32 }).getContext("2d");
  small.imageSmoothingQuality = "high";
  small.drawImage(canvas, 0, 0, 36, 32);
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("JPEG encoding failed"))), "image/jpeg", JPEG_QUALITY),
  );
  return {
    blob,
    sha256: await sha256Hex(blob),
    original_sha256: originalSha256,
    captured_at: new Date(file.lastModified || Date.now()).toISOString(),
    bytes: blob.size,
    dhash: dhashOfRgba(small.getImageData(0, 0, 36, 32).data),
  };
}

// shared::photo_hash's dHash, here for the WASM's size (photo-hash.spec.js).
export function dhashOfRgba(px) {
  const cell = new Array(72).fill(0);
  for (let i = 0; i < 1152; i++) {
    const p = i * 4;
    cell[((i / 144) | 0) * 9 + (((i % 36) / 4) | 0)] += Math.floor((299 * px[p] + 587 * px[p + 1] + 114 * px[p + 2]) / 1000);
  }
  const half = [0, 0];
  for (let b = 0; b < 64; b++) {
    const c = (b >> 3) * 9 + (b & 7);
    if (cell[c] < cell[c + 1]) half[b >> 5] += 2 ** (b & 31);
  }
  return half.reverse().map((h) => h.toString(16).padStart(8, "0")).join("");
}

export function objectUrl(blob) {
  return URL.createObjectURL(blob);
}

export function revokeObjectUrl(url) {
  URL.revokeObjectURL(url);
}

export function blobToDataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

// Not fetch(dataUrl): the CSP allows only the app's own origin.
export function dataUrlToBlob(url) {
  const comma = url.indexOf(",");
  const type = url.slice(5, comma).replace(/;base64$/, "");
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

export function fileText(file) {
  return file.text();
}

// Offers `text` as a file download.
export function downloadText(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
