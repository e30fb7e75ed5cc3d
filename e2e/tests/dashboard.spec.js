// The coordinators' road, end to end: two volunteers report one incident
// with different links and spellings; the coordinator sees one case with two
// reports, verifies it, forwards it to Bawaslu with a reference number; the
// CSV export holds it; the first volunteer's phone says where it went.
const { test, expect } = require("@playwright/test");
const { fillReady, joinDevice, Server, ADMIN } = require("./helpers");

async function report(page, { name, link }) {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await fillReady(page);
  await page.fill("#f-terlapor-name", name);
  await page.click("button.add-link");
  await page.fill('input[name="evidence_links.0"]', link);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText("Terkirim — diterima server.");
  return page.url().split("/").pop();
}

test("two volunteers, one case, verified and forwarded to Bawaslu; the export holds it; the phone says so", async ({ browser }) => {
  const server = await Server.create("dashboard");
  const phoneA = await (await browser.newContext({ baseURL: server.url })).newPage();
  const phoneB = await (await browser.newContext({ baseURL: server.url })).newPage();
  await joinDevice(phoneA, server.inviteCode);
  await joinDevice(phoneB, server.inviteCode);
  await report(phoneA, { name: "Drs. H. Ahmad Fauzi, M.Si.", link: "https://www.facebook.com/ahmad.fauzi/posts/1234567890?__cft__=xyz" });
  await report(phoneB, { name: "ahmad fauzi", link: "https://m.facebook.com/ahmad.fauzi/posts/1234567890" });

  const desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } })).newPage();
  await desk.goto("/dasbor/");
  await desk.fill("#f-username", ADMIN.username);
  await desk.fill("#f-password", ADMIN.password);
  await desk.click(".login button[type=submit]");
  await expect(desk.locator(".number.cases strong")).toHaveText("1");
  await expect(desk.locator(".number.reports strong")).toHaveText("2");
  await expect(desk.locator(".number.merged strong")).toHaveText("1");
  await expect(desk.locator("table.cases tbody tr")).toHaveCount(1);

  // A click on a chart's bar filters the view, and the filter is in the URL.
  await desk.click('.chart[data-facet="provinsi"] .bar[data-key="35"]');
  await expect(desk).toHaveURL(/\/dasbor\?provinsi=35$/);
  await expect(desk.locator('.chart[data-facet="kabkota"] .bar[data-key="35.78"]')).toBeVisible();

  await desk.click("table.cases tbody tr a");
  await expect(desk.locator(".members li")).toHaveCount(2);
  await desk.click("button.verify");
  await expect(desk.locator(".case-status")).toHaveText("Diverifikasi");
  await desk.selectOption("#f-agency", "bawaslu_kabkota");
  await desk.fill("#f-forward-date", "2024-11-22");
  await desk.fill("#f-reference", "001/LP/PB/Kota/16.00/XI/2024");
  await desk.click("button.forward-button");
  await expect(desk.locator(".case-status")).toHaveText("Diteruskan");

  const csv = await (await server.api("/api/v1/cases/export?format=csv")).text();
  expect(csv).toContain("Ahmad Fauzi");
  expect(csv.trim().split("\n")).toHaveLength(2);

  await phoneA.click("nav >> text=Laporan saya");
  await phoneA.click("text=Kirim sekarang");
  await expect(phoneA.locator(".reports .case")).toContainText("diteruskan ke Bawaslu", { timeout: 20_000 });
  await server.kill();
});
