// The coalition's public page, /statistik: off unless the admin switches it
// on; then it reads on a 360 px phone with JavaScript disabled, passes axe,
// withholds small counts, names no one, filters without a script, and its
// charts download as a valid SVG and PNG.
const { test, expect } = require("@playwright/test");
const fs = require("fs");
const AxeBuilder = require("@axe-core/playwright").default;
const { Server, findings, FINDING_NAMES } = require("./helpers");

const TITLE = "Jaringan Pemantau Jawa Timur";

test("the public statistics page works without JavaScript at 360 px and its charts download", async ({ browser }) => {
  const off = await Server.create("public-off");
  expect((await fetch(`${off.url}/statistik`)).status).toBe(404);
  expect((await fetch(`${off.url}/api/v1/public/statistics`)).status).toBe(404);
  await off.kill();

  const server = await Server.create("public", { args: ["--public-statistics", "--public-statistics-title", TITLE] });
  const reports = findings();
  await server.sync(reports);
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 360, height: 800 },
    javaScriptEnabled: false,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto("/statistik");
  await expect(page.locator("header .coalition")).toHaveText(TITLE);
  await expect(page.locator("section.totals")).toContainText("23");
  expect(await page.locator("script").count()).toBe(0);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // A link shared on WhatsApp shows a title and a chart.
  expect(await page.locator('meta[property="og:image"]').getAttribute("content")).toBe(`${server.url}/statistik.png`);
  expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toContain(TITLE);

  // 12 on social media is published; 2 seen directly is withheld, and so is
  // the 9 in online news, else 23 − 12 − 9 would give the 2 away.
  const sources = page.locator('section.facet[aria-labelledby="f-sumber"] table');
  await expect(sources.locator("tr", { hasText: "Media sosial" })).toContainText("12");
  await expect(sources.locator("tr", { hasText: "Dilihat langsung" })).toContainText("< 5");
  await expect(sources.locator("tr", { hasText: "Berita online" })).toContainText("< 5");
  const html = await page.content();
  for (const name of FINDING_NAMES) expect(html).not.toContain(name);
  for (const r of reports) {
    expect(html).not.toContain(r.id);
    expect(html).not.toContain(r.evidence_links[0]);
  }

  // axe is itself a script: it checks the same page (which has none) in a
  // context where scripts may run.
  const checker = await (await browser.newContext({ viewport: { width: 360, height: 800 } })).newPage();
  await checker.goto(`${server.url}/statistik`);
  const { violations } = await new AxeBuilder({ page: checker }).analyze();
  expect(violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);

  // The charts download.
  const sourceCharts = page.locator('section.facet[aria-labelledby="f-sumber"]');
  const [svgFile] = await Promise.all([page.waitForEvent("download"), sourceCharts.locator('a[href^="/statistik/grafik/sumber.svg"]').click()]);
  expect(svgFile.suggestedFilename()).toMatch(/^netral-sumber-\d{4}-\d{2}-\d{2}\.svg$/);
  const svg = fs.readFileSync(await svgFile.path(), "utf8");
  expect(svg).toContain(TITLE);
  const parsed = await checker.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName("parsererror").length };
  }, svg);
  expect(parsed).toEqual({ root: "svg", errors: 0 });
  const [pngFile] = await Promise.all([page.waitForEvent("download"), sourceCharts.locator('a[href^="/statistik/grafik/sumber.png"]').click()]);
  expect(pngFile.suggestedFilename()).toMatch(/^netral-sumber-\d{4}-\d{2}-\d{2}\.png$/);
  const png = fs.readFileSync(await pngFile.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBe(800);
  // And the browser decodes it.
  const decoded = await checker.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    return img.naturalWidth;
  }, png.toString("base64"));
  expect(decoded).toBe(800);

  // Filtering needs no script: a GET form.
  await page.selectOption("#provinsi", "35");
  await page.click("form.filters button[type=submit]");
  await expect(page).toHaveURL(/provinsi=35/);
  await expect(page.locator('section.facet[aria-labelledby="f-kabkota"]')).toHaveCount(1);
  await server.kill();
});
