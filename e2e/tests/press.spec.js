// A coordinator publishes what the coalition found: every dashboard chart
// downloads as an SVG and a PNG that say what they count, when and whose
// they are, and "Ringkasan untuk publikasi" is one printable page with the
// numbers in words and shares that add up to 100%.
const { test, expect } = require("@playwright/test");
const fs = require("fs");
const AxeBuilder = require("@axe-core/playwright").default;
const { Server, ADMIN, findings } = require("./helpers");

async function seriousViolations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

function pngSize(bytes) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("a dashboard chart downloads as SVG and PNG; the press summary gives the numbers in words", async ({ browser }) => {
  const server = await Server.create("press");
  await server.sync(findings());
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 800 }, acceptDownloads: true });
  const desk = await context.newPage();
  await desk.goto("/dasbor/");
  await desk.fill("#f-username", ADMIN.username);
  await desk.fill("#f-password", ADMIN.password);
  await desk.click(".login button[type=submit]");
  await expect(desk.locator(".number.cases strong")).toHaveText("23");
  // Charts with bars that filter: each bar is a button named by its text.
  expect(await seriousViolations(desk)).toEqual([]);

  const sources = desk.locator('figure.chart[data-facet="sumber"]');
  const [svgFile] = await Promise.all([desk.waitForEvent("download"), sources.locator("button.download-svg").click()]);
  expect(svgFile.suggestedFilename()).toMatch(/^netral-sumber-\d{4}-\d{2}-\d{2}\.svg$/);
  const svg = fs.readFileSync(await svgFile.path(), "utf8");
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain("<title>Kasus per sumber</title>");
  // Dated in words, and one bar per source with its figure.
  expect(svg).toMatch(/(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4}/);
  for (const [label, n] of [["Media sosial", 12], ["Berita online", 9], ["Dilihat langsung", 2]]) {
    expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain(`>${n}</text>`);
  }
  // It is well-formed XML: the browser's own parser says so.
  const parsed = await desk.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { root: doc.documentElement.nodeName, error: doc.getElementsByTagName("parsererror").length };
  }, svg);
  expect(parsed).toEqual({ root: "svg", error: 0 });

  const [pngFile] = await Promise.all([desk.waitForEvent("download"), sources.locator("button.download-png").click()]);
  expect(pngFile.suggestedFilename()).toMatch(/^netral-sumber-\d{4}-\d{2}-\d{2}\.png$/);
  const png = fs.readFileSync(await pngFile.path());
  // Twice the SVG's 640 px, for print; three rows tall plus the title.
  expect(pngSize(png)).toEqual({ width: 1280, height: 2 * (76 + 3 * 36 + 20) });

  // The summary for publication: totals in words, shares adding up to 100.
  await desk.click(".press-link a");
  await expect(desk).toHaveURL(/\/dasbor\/ringkasan/);
  const press = desk.locator("article.press");
  await expect(press.locator("h1")).toHaveText("Ringkasan Temuan Pelanggaran Netralitas ASN");
  await expect(press.locator(".press-lead")).toContainText("23 (dua puluh tiga) laporan");
  await expect(press.locator(".press-lead")).toContainText("23 (dua puluh tiga) kasus");
  await expect(press.locator(".press-sources")).toHaveText(
    "Sumber temuan: media sosial (52%), berita online (39%) dan dilihat langsung (9%).",
  );
  await expect(press.locator(".press-lists li").first()).toContainText("23 kasus");
  await expect(press.locator("figure.chart")).toHaveCount(4);
  // Narrowed to a period: the figures follow, the URL keeps it.
  await desk.fill("#press-dari", "2024-11-13");
  await desk.locator("#press-dari").dispatchEvent("change");
  await expect(desk).toHaveURL(/dari=2024-11-13/);
  await expect(press.locator(".press-lead")).toContainText("11 (sebelas) laporan");
  await expect(press.locator(".press-meta")).toContainText("sejak Rabu, 13 November 2024");

  expect(await seriousViolations(desk)).toEqual([]);
  // Printed, the form and the download buttons are gone.
  await desk.emulateMedia({ media: "print" });
  await expect(desk.locator(".press-summary form")).toBeHidden();
  await expect(desk.locator(".chart-downloads").first()).toBeHidden();
  await server.kill();
});
