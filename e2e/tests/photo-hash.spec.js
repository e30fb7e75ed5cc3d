// The app computes a photo's perceptual hash in JS (app/js/photo.js), to
// keep the WASM small; shared::photo_hash is the reference the server
// matches with. Both must give one answer for one picture: this is the
// picture of shared's `the_apps_js_gives_the_same_hash`.
const { test, expect } = require("@playwright/test");
const fs = require("fs");
const path = require("path");

test("the app's dHash is shared's dHash", async () => {
  // As an ES module, whatever package.json says about ../../app.
  const source = fs.readFileSync(path.join(__dirname, "../../app/js/photo.js"), "utf8");
  const { dhashOfRgba } = await import("data:text/javascript," + encodeURIComponent(source));
  const rgba = new Uint8ClampedArray(36 * 32 * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + Math.floor(i / 4) * Math.floor(i / 144) * 5) % 256;
  expect(dhashOfRgba(rgba)).toBe("95367c764d88d656");
  expect(dhashOfRgba(new Uint8ClampedArray(36 * 32 * 4).fill(200))).toBe("0000000000000000");
});
