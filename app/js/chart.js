// Browser glue for the dashboard's chart downloads: the SVG is written by
// the WASM (shared::chart_svg); drawing it into a PNG needs the browser's
// own SVG renderer and canvas, so it stays here.

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function downloadSvg(svg, filename) {
  save(new Blob([svg], { type: "image/svg+xml" }), filename);
}

// At twice the SVG's size: sharp on a phone and in a printed release.
export async function downloadPng(svg, width, height, filename) {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error("SVG did not render"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext("2d");
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, width, height);
    const png = await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
    save(png, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
