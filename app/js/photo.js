// Browser glue for photos and files. It is all calls into browser APIs
// (image decoding, canvas, WebCrypto, FileReader), so it stays in JS: the
// WASM ships no image codec and no base64 code.

const MAX_SIDE = 1600;
const JPEG_QUALITY = 0.85;

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(blob) {
  return hex(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
}

// Decodes an image file, downscales it to at most MAX_SIDE px on the long
// side and encodes it as JPEG. Rejects when the file is not a decodable
// image. The EXIF orientation is applied by createImageBitmap.
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
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("JPEG encoding failed"))), "image/jpeg", JPEG_QUALITY),
  );
  return {
    blob,
    sha256: await sha256Hex(blob),
    original_sha256: originalSha256,
    captured_at: new Date(file.lastModified || Date.now()).toISOString(),
    bytes: blob.size,
  };
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

// Not fetch(dataUrl): the Content-Security-Policy allows connections to
// the app's own origin only.
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
