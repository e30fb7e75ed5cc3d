// Capture in under a minute: a new report starts with what the phone
// remembers (the volunteer's details, today, the place and election last
// used), "Kirim" on an incomplete report points at what is missing, and the
// database upgrade that adds the store for shares keeps every draft. (The
// share target itself: share.spec.js.)
const { test, expect } = require("@playwright/test");
const { fillReady, sha256, reportJson, uuidv7 } = require("./helpers");

const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
};

test("a second report starts with the volunteer's remembered details, today, and the place and election last used; Pengaturan removes them", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await expect(page.locator("#f-known_at")).toHaveValue(today());
  await expect(page.locator("button.remember-me")).toBeHidden();
  await page.fill("#f-reporter-name", "Siti Aminah");
  await page.fill("#f-reporter-address", "Jl. Darmo 1, Surabaya");
  await page.fill("#f-reporter-contact", "081234567890");
  await page.click("button.remember-me");
  await expect(page.locator(".remembered")).toBeVisible();
  await page.fill("#f-place-regency", "sura");
  await page.click('.picker button[data-code="35.78"]');
  await page.selectOption("#f-election-kind", "pilkada_walikota");
  // A link pasted without https:// is fixed and chooses the source.
  await page.fill("#f-source-url", "news.detik.com/berita/d-7654321/camat?utm_source=wa");
  await expect(page.locator("#f-source-url")).toHaveValue("https://news.detik.com/berita/d-7654321/camat");
  await expect(page.locator("#f-source-kind")).toHaveValue("berita_online");
  await expect(page.locator("#f-source-outlet")).toHaveValue("detikcom");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");

  await page.click("nav >> text=Laporan baru");
  await expect(page.locator("#f-reporter-name")).toHaveValue("Siti Aminah");
  await expect(page.locator("#f-reporter-address")).toHaveValue("Jl. Darmo 1, Surabaya");
  await expect(page.locator("#f-reporter-contact")).toHaveValue("081234567890");
  await expect(page.locator("#f-known_at")).toHaveValue(today());
  await expect(page.locator("#f-place-regency")).toHaveValue("Kota Surabaya");
  await expect(page.locator("#f-place-province")).toHaveValue("Jawa Timur");
  await expect(page.locator("#f-election-kind")).toHaveValue("pilkada_walikota");
  await expect(page.locator("#f-source-kind")).toHaveValue("");
  // Per report: changed here only, or left out.
  await page.fill("#f-reporter-contact", "");
  await expect(page.locator("button.remember-me")).toBeVisible();
  await page.check("#f-coalition_is_pelapor");
  await expect(page.locator("#f-reporter-name")).toHaveCount(0);

  await page.click("header >> text=Pengaturan");
  await expect(page.locator(".me")).toHaveText("Siti Aminah · Jl. Darmo 1, Surabaya · 081234567890");
  await page.click("button.forget-me");
  await expect(page.locator(".me")).toContainText("Belum diingat.");
  await page.click("nav >> text=Laporan baru");
  await expect(page.locator("#f-known_at")).toHaveValue(today());
  await expect(page.locator("#f-reporter-name")).toHaveValue("");
});

test("Kirim on an incomplete report says what is missing by the button and moves the focus to the first missing field", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await page.click("button.send");
  const missing = page.locator(".send-missing");
  await expect(missing).toHaveText(/^Belum bisa dikirim: \d+ isian belum lengkap atau salah, mulai dari «Nama \(boleh dengan gelar\)»\.$/);
  await expect(page.locator("#f-terlapor-name")).toBeFocused();
  // The message sits right above the button.
  const [m, b] = await Promise.all([missing.boundingBox(), page.locator("button.send").boundingBox()]);
  expect(b.y - (m.y + m.height)).toBeLessThan(40);

  await page.keyboard.type("Drs. H. Ahmad Fauzi, M.Si.");
  await page.fill("#f-terlapor-position", "Camat Tegalsari");
  await page.click("button.send");
  // The next one in the form's order: the place.
  await expect(page.locator("#f-place-province")).toBeFocused();
  await expect(missing).toContainText("mulai dari «Provinsi»");
  await page.click("button.lang");
  await expect(missing).toHaveText(/^Not sent: \d+ fields are missing or wrong, starting with “Provinsi”\.$/);
  await page.click("button.lang");

  await fillReady(page);
  await expect(missing).toBeHidden();
});

test("a draft kept by the previous version of the database survives the upgrade that adds the shares", async ({ page }) => {
  const id = uuidv7();
  await page.goto("/healthz");
  // Version 2, as the app before share targets wrote it.
  await page.evaluate(
    ([id, json]) =>
      new Promise((done, fail) => {
        const open = indexedDB.open("netral", 2);
        open.onupgradeneeded = () => {
          open.result.createObjectStore("reports", { keyPath: "id" });
          open.result.createObjectStore("photos", { keyPath: "sha256" });
        };
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("reports", "readwrite");
          tx.objectStore("reports").put({ id, json });
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
        };
      }),
    [id, JSON.stringify({ id, report: reportJson(id, 1), state: "draft", attempted_revision: 0, created_at: Date.now(), updated_at: Date.now() })],
  );
  await page.goto("/");
  await expect(page.locator(".reports li", { hasText: "Ahmad Fauzi 1" })).toHaveCount(1);
  const db = await page.evaluate(
    () =>
      new Promise((done) => {
        const open = indexedDB.open("netral");
        open.onsuccess = () => {
          const r = { version: open.result.version, stores: [...open.result.objectStoreNames].sort() };
          open.result.close();
          done(r);
        };
      }),
  );
  expect(db).toEqual({ version: 3, stores: ["photos", "reports", "shares"] });
  await page.click(".reports li a");
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Drs. H. Ahmad Fauzi 1, M.Si.");
});
