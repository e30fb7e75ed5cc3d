// Capture in under a minute: a new report starts with what the phone
// remembers (the volunteer's details, today, the place and election last
// used), "Kirim" on an incomplete report points at what is missing, and the
// database upgrade that adds the store for shares keeps every draft. (The
// share target itself: share.spec.js.)
const { test, expect } = require("@playwright/test");
const { fillReady, openMore, sha256, reportJson, uuidv7 } = require("./helpers");

async function serviceWorkerInCharge(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
}

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
  await expect(missing).toHaveText(/^Belum bisa dikirim: \d+ isian belum lengkap atau salah, mulai dari «Sumber informasi»\.$/);
  await expect(page.locator("#f-source-kind")).toBeFocused();
  // The message sits right above the button.
  const [m, b] = await Promise.all([missing.boundingBox(), page.locator("button.send").boundingBox()]);
  expect(b.y - (m.y + m.height)).toBeLessThan(40);

  // Evidence first: the source, then who, then what.
  await page.selectOption("#f-source-kind", "langsung");
  await page.fill("#f-terlapor-name", "Drs. H. Ahmad Fauzi, M.Si.");
  await page.fill("#f-terlapor-position", "Camat Tegalsari");
  await page.click("button.send");
  await expect(page.locator('input[name="violations"]').first()).toBeFocused();
  await expect(missing).toContainText("mulai dari «Pelanggaran»");
  // Switched to English, the message names the field in English.
  await page.click("button.lang");
  await expect(missing).toHaveText(/^Not sent: \d+ fields are missing or wrong, starting with “Violation”\.$/);
  await page.click("button.lang");
  await expect(missing).toContainText("mulai dari «Pelanggaran»");

  await fillReady(page);
  await expect(missing).toBeHidden();
});

test("a wrong field folded under Lengkapi is opened and focused by Kirim", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  // Optional fields are folded: the form a volunteer scrolls is short.
  await expect(page.locator("details.more")).not.toHaveAttribute("open", "");
  await expect(page.locator("#f-terlapor-agency")).toBeHidden();
  await fillReady(page);
  await openMore(page);
  await page.fill("#f-terlapor-agency", "Dinas ".repeat(40));
  await expect(page.locator("details.more summary")).toHaveText("Lengkapi (tidak wajib) · 1 terisi");
  await page.click("details.more summary");
  await expect(page.locator("#f-terlapor-agency")).toBeHidden();
  await page.click("button.send");
  await expect(page.locator("#f-terlapor-agency")).toBeFocused();
  await expect(page.locator(".send-missing")).toContainText("mulai dari «Instansi/OPD»");
  // A report opened again shows its folded fields.
  await page.fill("#f-terlapor-agency", "Kecamatan Tegalsari");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  await page.reload();
  await expect(page.locator("#f-terlapor-agency")).toBeVisible();
  await expect(page.locator("#f-terlapor-agency")).toHaveValue("Kecamatan Tegalsari");
});

test("a date is one tap (Hari ini, Kemarin) and needs no time; violations show short titles, common ones first for the source", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await page.click(".quick-dates >> text=Kemarin");
  const yesterday = new Date(Date.now() - 86400000);
  const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  await expect(page.locator("#f-occurred_at")).toHaveValue(ymd(yesterday));
  await expect(page.locator("#f-occurred_at-time")).toHaveValue("");
  await page.click(".quick-dates >> text=Hari ini");
  await expect(page.locator("#f-occurred_at")).toHaveValue(today());
  // The contact takes an e-mail address: no phone keypad.
  await expect(page.locator("#f-reporter-contact")).toHaveAttribute("type", "text");

  await page.selectOption("#f-source-kind", "media_sosial");
  const first = page.locator('input[name="violations"]').first();
  await expect(first).toHaveAttribute("value", "medsos_interaksi");
  const label = page.locator(".check").first();
  await expect(label.locator(".wording")).toBeHidden();
  await expect(label).toContainText("Like, komentar, share akun calon");
  await page.click("text=Tampilkan bunyi lengkapnya");
  await expect(label.locator(".wording")).toHaveText("Membuat posting, komentar, share, like, bergabung/follow grup atau akun pemenangan");
  await page.selectOption("#f-source-kind", "langsung");
  await expect(first).toHaveAttribute("value", "hadir_deklarasi");
  await expect(page.locator('input[name="violations"]').last()).toHaveAttribute("value", "lainnya");
});

test("the guide 'Apa yang dilarang?' opens from the form without signal, in either language, and back returns to the draft", async ({ page, context }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const draft = page.url();
  await serviceWorkerInCharge(page);
  await page.fill("#f-terlapor-name", "Budi Santoso");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  await context.setOffline(true);
  await page.click("a.guide-link");
  await expect(page).toHaveURL(/\/panduan\.html\?dari=%2Flaporan%2F|\/panduan\.html\?dari=\/laporan\//);
  await expect(page.locator("h1:visible")).toHaveText("Apa yang dilarang?");
  await expect(page.locator("#medsos_foto h2")).toHaveText("Foto bersama calon, gestur dukungan");
  await expect(page.locator("#medsos_foto")).toContainText("Contoh:");
  await expect(page.locator("#en-medsos_foto")).toBeHidden();
  await page.click("button[data-lang=en]");
  await expect(page.locator("h1:visible")).toHaveText("What is prohibited?");
  await expect(page.locator("#en-medsos_foto h2")).toHaveText("Photo with a candidate, partisan gesture");
  await expect(page.locator("#medsos_foto")).toBeHidden();
  await page.click("button[data-lang=id]");
  // The guide's own "Kembali", still without signal.
  await page.click("a.back:visible");
  await expect(page).toHaveURL(draft);
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Budi Santoso");
  // And the phone's back button.
  await page.click("a.guide-link");
  await expect(page.locator("h1:visible")).toHaveText("Apa yang dilarang?");
  await page.goBack();
  await expect(page).toHaveURL(draft);
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Budi Santoso");
  // Opened on its own, "Kembali" leads to the app, and never to another site.
  await page.goto("/panduan.html?dari=//contoh.com/x");
  await expect(page.locator("a.back:visible")).toHaveAttribute("href", "/");
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
