// Accessibility: axe-core on the volunteers' form and list, and on the
// coordinators' dashboard: no serious or critical violation.
const { test, expect } = require("@playwright/test");
const AxeBuilder = require("@axe-core/playwright").default;
const { fillReady, openMore, joinDevice, sharedInvite, ADMIN } = require("./helpers");

async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the report form, with problems showing, has no serious accessibility violation", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await openMore(page);
  await page.fill("#f-terlapor-nip", "1966");
  await page.click("button.send");
  await expect(page.locator(".problem").first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("'Laporan saya' and Settings have no serious accessibility violation", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await fillReady(page);
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports li")).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await page.click("header >> text=Pengaturan");
  await expect(page.locator(".storage")).toContainText("Terpakai");
  expect(await seriousViolations(page)).toEqual([]);
});

test("the dashboard's sign-in and overview have no serious accessibility violation", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/dasbor/");
  await expect(page.locator("#f-username")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.fill("#f-username", ADMIN.username);
  await page.fill("#f-password", ADMIN.password);
  await page.click(".login button[type=submit]");
  await expect(page.locator(".overview h1")).toHaveText("Ringkasan");
  await expect(page.locator(".numbers, .overview .problem").first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // The admin's account page: password, people, organisations, audit log.
  await page.click(".account-link");
  await expect(page.locator("table.audit-log tbody tr").first()).toBeVisible();
  await expect(page.locator("table.users tbody tr").first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("a case, its printable report and the volunteers page have no serious accessibility violation", async ({ browser }) => {
  const phone = await (await browser.newContext()).newPage();
  await joinDevice(phone, sharedInvite());
  await phone.goto("/baru");
  await expect(phone).toHaveURL(/\/laporan\//);
  await fillReady(phone);
  // A terlapor of its own, so that it joins no other test's case.
  await phone.fill("#f-terlapor-name", "Bambang Uji Aksesibilitas");
  await phone.click("button.send");
  await expect(phone.locator(".status")).toHaveText("Terkirim — diterima server.");

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto("/dasbor/");
  await page.fill("#f-username", ADMIN.username);
  await page.fill("#f-password", ADMIN.password);
  await page.click(".login button[type=submit]");
  await page.locator("table.cases tbody tr a").first().click();
  await expect(page.locator(".members > li").first()).toBeVisible();
  await page.click(".corrections summary");
  expect(await seriousViolations(page)).toEqual([]);
  await page.click(".print-link");
  await expect(page.locator(".formal-report h1")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.click(".team-link");
  await expect(page.locator(".invite-form")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
