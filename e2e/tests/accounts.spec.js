// A volunteer records before joining; joining sends it. A revoked phone
// stops sending, keeps its reports, and says why.
const { test, expect } = require("@playwright/test");
const { fillReady, joinDevice, Server } = require("./helpers");

test("recording works before joining; joining with the invite code sends what was recorded", async ({ browser }) => {
  const server = await Server.create("join");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const id = page.url().split("/").pop();
  await fillReady(page);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText(/gabung dulu dengan kode undangan/);
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports .state")).toHaveText("Menunggu sinyal");
  await expect(page.locator(".join-prompt")).toContainText("gabung dengan kode undangan");
  expect((await server.api(`/api/v1/reports/${id}`)).status).toBe(404);

  // A wrong code says so and changes nothing.
  await page.click(".join-prompt a");
  await page.fill("#f-invite-code", "AAAA-BBBB-CC");
  await page.click(".join button[type=submit]");
  await expect(page.locator(".join-error")).toContainText("Kode undangan tidak dikenal");

  // Typed in lower case with spaces, as read aloud.
  await page.fill("#f-invite-code", server.inviteCode.toLowerCase().replaceAll("-", " "));
  await page.click(".join button[type=submit]");
  await expect(page.locator(".joined")).toContainText("Jaringan Pemantau Jawa Timur");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports .state")).toHaveText("Terkirim", { timeout: 20_000 });
  await expect(page.locator(".join-prompt")).toHaveCount(0);
  expect(await (await server.api(`/api/v1/reports/${id}`)).json()).toMatchObject({ id, versions: 1 });
  await context.close();
  await server.kill();
});

test("a revoked device keeps its reports, stops sending and says why", async ({ browser }) => {
  const server = await Server.create("revoke");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await joinDevice(page, server.inviteCode);
  const devices = await (await server.api("/api/v1/devices")).json();
  expect(devices.devices).toHaveLength(1);
  const revoke = await server.api(`/api/v1/devices/${devices.devices[0].id}/revoke`, { method: "POST" });
  expect(revoke.status).toBeLessThan(300);

  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const id = page.url().split("/").pop();
  await fillReady(page);
  await page.click("button.send");
  await expect(page.locator(".status")).toContainText("dicabut oleh koordinator");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports .state")).toHaveText("Menunggu sinyal");
  await expect(page.locator(".join-prompt")).toContainText("dicabut koordinator");
  expect((await server.api(`/api/v1/reports/${id}`)).status).toBe(404);
  await context.close();
  await server.kill();
});
