// Offline-first, in a real browser: the app installs, works from its cache
// without signal, keeps drafts and photos through a closed browser, and
// everything reaches the server exactly once, through a server crash, an
// app update and a move to another device.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");
const path = require("node:path");
const { joinDevice, fillReady, photoFile, sha256, Server, persistentContext, deviceReport, reportJson, uuidv7, backupFile, TMP } = require("./helpers");

// Width and height from a JPEG's start-of-frame marker.
function jpegSize(buf) {
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return null;
}

async function serviceWorkerInCharge(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
}

test("installable; offline the form loads from cache; a draft with two photos survives closing the browser and syncs once", async ({}, testInfo) => {
  const server = await Server.create("offline");
  const profile = fs.mkdtempSync(path.join(TMP, "profile-"));
  const a = photoFile("kamera-1.png", 1);
  const b = photoFile("kamera-2.png", 2);
  let context = await persistentContext(testInfo, profile, server.url);
  let page = context.pages()[0] || (await context.newPage());
  await page.goto("/");
  await serviceWorkerInCharge(page);
  await joinDevice(page, server.inviteCode);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);

  // No signal at all: the server is gone and the browser is offline.
  await server.kill();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".bottomnav")).toBeVisible();
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  await fillReady(page);

  // A file that is not an image is refused with a clear message.
  await page.setInputFiles("#f-photo-gallery", { name: "catatan.txt", mimeType: "text/plain", buffer: Buffer.from("bukan foto") });
  await expect(page.locator(".photo-error")).toHaveText("Bukan foto atau video: catatan.txt");
  await page.setInputFiles("#f-photo-gallery", [
    { name: "rusak.jpg", mimeType: "image/jpeg", buffer: Buffer.from("bukan jpeg") },
    { name: "besar.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(31 * 1024 * 1024) },
  ]);
  await expect(page.locator(".photo-error")).toHaveText(["Terlalu besar (maksimal 30 MB): besar.jpg", "Gambar tidak dapat dibaca: rusak.jpg"]);
  await expect(page.locator(".thumbs img")).toHaveCount(0);
  await page.setInputFiles("#f-photo-gallery", [a, b]);
  await expect(page.locator(".thumbs img")).toHaveCount(2);
  await expect.poll(() => page.locator(".thumbs img").evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText(/^Menunggu sinyal/);

  const onDevice = await deviceReport(page, id);
  expect(onDevice.report.photos.map((p) => p.original_sha256).sort()).toEqual([sha256(a.buffer), sha256(b.buffer)].sort());
  for (const p of onDevice.report.photos) expect(p.captured_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  const uploaded = onDevice.report.photos.map((p) => p.sha256);

  // A second report, never sent: typed, autosaved, and then the tab is
  // killed (as Android kills a backgrounded browser), not closed politely.
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const draftId = page.url().split("/").pop();
  await page.fill("#f-terlapor-name", "Siti Draf Belum Dikirim");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  const tab = await context.newCDPSession(page);
  // The command never answers: its page is gone.
  tab.send("Page.crash").catch(() => {});
  await page.waitForEvent("crash");

  // The browser is closed and opened again with the same profile, still without signal.
  await context.close();
  context = await persistentContext(testInfo, profile, server.url);
  await context.setOffline(true);
  page = context.pages()[0] || (await context.newPage());
  await page.goto(`/laporan/${id}`);
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Drs. H. Ahmad Fauzi, M.Si.");
  await expect(page.locator(".thumbs img")).toHaveCount(2);
  await expect.poll(() => page.locator(".thumbs img").evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
  expect((await deviceReport(page, id)).state).toBe("queued");
  expect((await deviceReport(page, draftId)).report.terlapor.name).toBe("Siti Draf Belum Dikirim");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports li", { hasText: "Siti Draf Belum Dikirim" }).locator(".state")).toHaveText("Draf");

  // Signal is back: the report goes by itself, with no tap.
  await server.start();
  await context.setOffline(false);
  const sent = page.locator(".reports li", { hasText: "Ahmad Fauzi" }).locator(".state");
  await expect(sent).toHaveText("Terkirim", { timeout: 20_000 });
  // The draft stays on the phone; it was never queued.
  expect((await (await server.api(`/api/v1/reports/${draftId}`)).status)).toBe(404);

  const stored = await (await server.api(`/api/v1/reports/${id}`)).json();
  expect(stored).toMatchObject({ id, revision: 1, versions: 1 });
  for (const sha of uploaded) {
    const res = await server.api(`/api/v1/evidence/${sha}`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(sha256(body)).toBe(sha);
    // Downscaled on the phone: 2400×1800 became 1600×1200 JPEG.
    expect(jpegSize(body)).toEqual({ width: 1600, height: 1200 });
  }
  expect(server.evidenceFiles().sort()).toEqual([...uploaded].sort());
  await context.close();
  await server.kill();
});

test("the server dies (SIGKILL) after storing a sync of 20 reports but before answering; the retry stores nothing twice", async ({ browser }) => {
  const server = await Server.create("sigkill");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  let killed = false;
  await page.route("**/api/v1/sync", async (route) => {
    if (killed) return route.continue();
    killed = true;
    // The server commits the batch; the phone never hears back.
    await route.fetch();
    await server.kill();
    await route.abort("connectionreset");
  });

  await joinDevice(page, server.inviteCode);
  const ids = Array.from({ length: 20 }, () => uuidv7());
  const file = backupFile(ids.map((id, i) => reportJson(id, i)));
  await page.goto("/pengaturan");
  await page.setInputFiles("#import-backup", { name: "laporan.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.locator(".backup-result")).toHaveText("Diimpor: 20 laporan, 0 foto; 0 laporan sudah ada.");
  await expect.poll(() => killed).toBe(true);

  // Nothing is lost on the device: all 20 still wait.
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator('.reports .state[data-state="queued"]')).toHaveCount(20);

  await server.start();
  await expect(page.locator('.reports .state[data-state="sent"]')).toHaveCount(20, { timeout: 40_000 });
  let total = 0;
  for (const id of ids) {
    const stored = await (await server.api(`/api/v1/reports/${id}`)).json();
    expect(stored).toMatchObject({ id, versions: 1 });
  }
  const cases = await (await server.api("/api/v1/cases?limit=100")).json();
  for (const c of cases.cases) total += c.report_count;
  expect(total).toBe(20);
  await context.close();
  await server.kill();
});

test("a new build deployed while a draft is open: the banner offers it, the reload keeps the draft", async ({ browser }) => {
  const server = await Server.create("update");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await serviceWorkerInCharge(page);
  await page.fill("#f-terlapor-name", "Budi Santoso");
  await page.fill("#f-description", "Kepala dinas membagikan stiker calon bupati di kantor.");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  const [oldCache] = await page.evaluate(() => caches.keys());
  const dist = path.join(server.dir, "dist");
  const swPath = path.join(dist, "sw.js");
  const builtSw = fs.readFileSync(swPath, "utf8");
  // Deploys are minutes apart in life; here they may fall in one second,
  // and the browser revalidates sw.js by Last-Modified (whole seconds): each
  // deploy's files are dated a minute after the previous one's.
  let deployedAt = Date.now() / 1000;
  const deploy = (files) => {
    deployedAt += 60;
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dist, name), text);
      fs.utimesSync(path.join(dist, name), deployedAt, deployedAt);
      // The server prefers precompressed copies; a deploy replaces them too.
      for (const ext of [".br", ".gz"]) fs.rmSync(path.join(dist, name + ext), { force: true });
    }
  };
  // What the app does every 30 minutes, now; resolves with how the new
  // version's install ended.
  const checkForUpdate = () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      const w = reg.installing;
      if (!w) return reg.waiting ? "installed" : "none";
      return new Promise((done) => {
        const settle = () => ["installed", "redundant"].includes(w.state) && done(w.state);
        w.addEventListener("statechange", settle);
        settle();
      });
    });

  // A broken deploy (a file of its list is missing) never replaces what works.
  deploy({ "sw.js": builtSw.replace(/const CACHE = "netral-[0-9a-f]+"/, 'const CACHE = "netral-00000000000000bad"').replace("const PRECACHE = [", 'const PRECACHE = ["/fehlt-0000000000000000.js", ') });
  expect(await checkForUpdate()).toBe("redundant");
  await expect(page.locator(".update-banner")).toHaveCount(0);
  expect(await page.evaluate(() => caches.keys())).toEqual([oldCache]);

  // A real new build: a stylesheet under a new hashed name, an index.html
  // naming it, and a service worker listing it.
  const oldCss = fs.readdirSync(dist).find((f) => /^style-[0-9a-f]+\.css$/.test(f));
  const newCss = "style-00000000000000aa.css";
  fs.copyFileSync(path.join(dist, oldCss), path.join(dist, newCss));
  deploy({
    "index.html": fs.readFileSync(path.join(dist, "index.html"), "utf8").replaceAll(oldCss, newCss),
    "sw.js": builtSw.replace(/const CACHE = "netral-[0-9a-f]+"/, 'const CACHE = "netral-0000000000000001"').replaceAll(oldCss, newCss),
  });
  const installed = await checkForUpdate();
  if (installed !== "installed") {
    // What the new worker would have fetched, as this page sees it now.
    const list = JSON.parse(fs.readFileSync(swPath, "utf8").match(/const PRECACHE = (\[.*\]);/)[1]);
    const seen = await page.evaluate((urls) => Promise.all(urls.map((u) => fetch(u).then((r) => `${u} ${r.status}`, (e) => `${u} ${e}`))), list);
    throw new Error(`new version ${installed}; precache as fetched now: ${seen.join(", ")}`);
  }
  await expect(page.locator(".update-banner")).toContainText("Versi baru tersedia.");
  // Both versions are whole while the volunteer decides: the old one still
  // runs this page, the new one waits with its new file.
  expect((await page.evaluate(() => caches.keys())).sort()).toEqual([oldCache, "netral-0000000000000001"].sort());
  expect(await page.evaluate((f) => caches.open("netral-0000000000000001").then((c) => c.match("/" + f)).then((r) => !!r), newCss)).toBe(true);
  expect(await page.evaluate(([name, f]) => caches.open(name).then((c) => c.match("/" + f)).then((r) => !!r), [oldCache, oldCss])).toBe(true);
  // The open form is not swapped underneath.
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Budi Santoso");
  await Promise.all([page.waitForEvent("load"), page.click(".update-banner .reload")]);
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Budi Santoso");
  await expect(page.locator("#f-description")).toHaveValue(/stiker calon bupati/);
  await expect(page.locator(".update-banner")).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelector('link[rel="stylesheet"]').getAttribute("href"))).toContain(newCss);
  // The old cache is gone only now that the new version is in charge.
  await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(["netral-0000000000000001"]);
  expect(oldCache).not.toBe("netral-0000000000000001");
  await context.close();
  await server.kill();
});

test("a backup exported on one phone and imported on another: both sync, nothing is stored twice", async ({ browser }) => {
  const server = await Server.create("backup");
  const phoneA = await browser.newContext({ baseURL: server.url, acceptDownloads: true });
  const pageA = await phoneA.newPage();
  await joinDevice(pageA, server.inviteCode);
  await pageA.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await pageA.goto("/baru");
  await expect(pageA).toHaveURL(/\/laporan\//);
  const id = pageA.url().split("/").pop();
  await fillReady(pageA);
  await pageA.setInputFiles("#f-photo-camera", photoFile("foto.png", 3, 800, 600));
  await expect(pageA.locator(".thumbs img")).toHaveCount(1);
  await pageA.click("button.send");
  await expect(pageA.locator(".status")).toHaveText(/^Menunggu sinyal/);

  await pageA.click("header >> text=Pengaturan");
  const [download] = await Promise.all([pageA.waitForEvent("download"), pageA.click("button.export")]);
  expect(download.suggestedFilename()).toMatch(/^netral-cadangan-\d{4}-\d{2}-\d{2}\.json$/);
  const file = path.join(TMP, "cadangan.json");
  await download.saveAs(file);
  const backup = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(backup.reports.map((r) => r.report.id)).toEqual([id]);
  expect(backup.photos).toHaveLength(1);

  const phoneB = await browser.newContext({ baseURL: server.url });
  const pageB = await phoneB.newPage();
  await joinDevice(pageB, server.inviteCode);
  await pageB.goto("/pengaturan");
  await pageB.setInputFiles("#import-backup", file);
  await expect(pageB.locator(".backup-result")).toHaveText("Diimpor: 1 laporan, 1 foto; 0 laporan sudah ada.");
  await pageB.click("nav >> text=Laporan saya");
  await expect(pageB.locator(".reports .state")).toHaveText("Terkirim", { timeout: 20_000 });
  // Importing the same file again adds nothing.
  await pageB.click("header >> text=Pengaturan");
  await pageB.setInputFiles("#import-backup", file);
  await expect(pageB.locator(".backup-result")).toHaveText("Diimpor: 0 laporan, 1 foto; 1 laporan sudah ada.");

  // Phone A gets signal and sends its copy too.
  await pageA.unroute("**/api/**");
  await pageA.click("nav >> text=Laporan saya");
  await pageA.click("text=Kirim sekarang");
  await expect(pageA.locator(".reports .state")).toHaveText("Terkirim", { timeout: 20_000 });

  // The report is phone B's on the server now (it sent first): an edit from
  // phone A is refused, and A says why instead of calling it sent.
  await pageA.click(".reports li a");
  await pageA.fill("#f-description", "Diubah di ponsel A setelah cadangan dipindah ke ponsel B.");
  await pageA.click("button.send");
  // As for "Terkirim" above: a send that meets the tail of A's time without
  // signal is retried by the outbox itself, which can take its backoff.
  await expect(pageA.locator(".status")).toHaveText("Ditolak server: periksa isian yang ditandai.", { timeout: 20_000 });
  await pageA.click("nav >> text=Laporan saya");
  await expect(pageA.locator(".reports .state")).toHaveText("Ditolak — periksa isian");
  await expect(pageA.locator(".reports .reasons")).toHaveText("Laporan ini dikirim dari perangkat lain dan hanya dapat diubah dari sana.");

  expect(await (await server.api(`/api/v1/reports/${id}`)).json()).toMatchObject({ id, versions: 1 });
  expect(server.evidenceFiles()).toEqual([backup.photos[0].sha256]);
  const cases = await (await server.api("/api/v1/cases?limit=100")).json();
  expect(cases.cases.reduce((n, c) => n + c.report_count, 0)).toBe(1);
  await phoneA.close();
  await phoneB.close();
  await server.kill();
});

test("wiping the device warns about unsent reports first", async ({ page }) => {
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await page.fill("#f-terlapor-name", "Rahmat Hidayat");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  await page.click("header >> text=Pengaturan");
  await expect(page.locator(".storage")).toContainText("Terpakai");
  // It says what the browser granted: persistent storage or not.
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await expect(page.locator(".storage")).toHaveAttribute("data-persisted", String(persisted));
  await expect(page.locator(".storage")).toContainText(persisted ? /^Permanen: / : /^Tidak permanen: /);
  await page.click("button.wipe");
  await expect(page.locator(".warning")).toContainText("1 laporan BELUM terkirim dan akan hilang:");
  await expect(page.locator(".warning .unsent li")).toHaveText(["Rahmat Hidayat"]);
  await page.click("text=Batal");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports li")).toHaveCount(1);
  await page.click("header >> text=Pengaturan");
  await page.click("button.wipe");
  await page.click("button.confirm-wipe");
  await expect(page.locator(".wiped")).toHaveText("Data perangkat sudah dihapus.");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".empty")).toHaveText("Belum ada laporan di perangkat ini.");
});

test("a photo removed from its report leaves the phone's storage at a start a day later; the other stays", async ({ page }) => {
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const id = page.url().split("/").pop();
  await page.setInputFiles("#f-photo-gallery", [photoFile("satu.png", 5, 640, 480), photoFile("dua.png", 6, 640, 480)]);
  await expect(page.locator(".thumbs img")).toHaveCount(2);
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  const blobs = () =>
    page.evaluate(
      () =>
        new Promise((done, fail) => {
          const open = indexedDB.open("netral");
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction("photos").objectStore("photos").getAllKeys();
            req.onsuccess = () => {
              open.result.close();
              done(req.result.sort());
            };
          };
        }),
    );
  const both = await blobs();
  expect(both).toHaveLength(2);

  await page.locator(".thumbs li").first().locator("button").click();
  await expect(page.locator(".thumbs img")).toHaveCount(1);
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  const kept = (await deviceReport(page, id)).report.photos.map((p) => p.sha256);
  expect(kept).toHaveLength(1);
  // Kept for a day whatever the reports say: another tab may have just
  // stored a photo whose report is not saved yet.
  expect(await blobs()).toEqual(both);
  await page.reload();
  await expect(page.locator(".thumbs img")).toHaveCount(1);
  await page.waitForTimeout(500);
  expect(await blobs()).toEqual(both);
  // A day later (the photos' stored_at moved back two days), the next start
  // drops the one no report names.
  await page.evaluate(
    () =>
      new Promise((done, fail) => {
        const open = indexedDB.open("netral");
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("photos", "readwrite");
          const store = tx.objectStore("photos");
          const all = store.getAll();
          all.onsuccess = () => all.result.forEach((r) => store.put({ ...r, stored_at: Date.now() - 2 * 86400000 }));
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
        };
      }),
  );
  await page.reload();
  await expect(page.locator(".thumbs img")).toHaveCount(1);
  await expect.poll(blobs).toEqual(kept);
  await expect.poll(() => page.locator(".thumbs img").evaluate((i) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
});
