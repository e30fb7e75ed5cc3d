// Capture in under a minute: a post shared into Netral from another app
// becomes a draft, without signal, and a second share of the same post
// offers the report that already holds it. (capture.spec.js: what a new
// report starts with, and Kirim's message.)
//
// Playwright cannot open Android's share sheet, so a test posts exactly
// what the sheet posts: a multipart form navigation to /bagikan (the
// manifest's share_target), which the service worker answers.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");
const path = require("node:path");
const { joinDevice, fillReady, photoFile, webmFile, sha256, Server, persistentContext, deviceReport, TMP } = require("./helpers");

async function serviceWorkerInCharge(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
}

// Submits a share as the share sheet does, and waits for the draft's form.
async function share(page, fields, files) {
  await page.evaluate((fields) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = "/bagikan";
    form.enctype = "multipart/form-data";
    form.id = "test-share";
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement("input");
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    const input = document.createElement("input");
    input.type = "file";
    input.name = "files";
    input.multiple = true;
    form.appendChild(input);
    document.body.appendChild(form);
  }, fields);
  await page.setInputFiles("#test-share input[type=file]", files);
  await page.evaluate(() => document.getElementById("test-share").submit());
}

const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
};

const POST = "https://facebook.com/humaspemkotsby/posts/1234567890123456";

test("a Facebook post shared with a screenshot and a screen recording without signal becomes a draft that survives closing the browser and syncs once", async ({}, testInfo) => {
  const server = await Server.create("share");
  const profile = fs.mkdtempSync(path.join(TMP, "profile-"));
  const shot = photoFile("Screenshot_20241120.png", 7, 1080, 2340);
  const recording = webmFile("Screen_Recording_20241120.webm", 7);
  let context = await persistentContext(testInfo, profile, server.url);
  let page = context.pages()[0] || (await context.newPage());
  await page.goto("/");
  await serviceWorkerInCharge(page);
  await joinDevice(page, server.inviteCode);

  // No signal at all: the server is gone and the browser is offline.
  await server.kill();
  await context.setOffline(true);
  await share(page, { title: "", text: `Lihat ini https://m.facebook.com/HumasPemkotSby/posts/1234567890123456/?mibextid=Nif5oz … #pemilu`, url: "" }, [shot, recording]);
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  // The link, canonical, as evidence and as the source, and what it tells.
  await expect(page.locator("#f-source-kind")).toHaveValue("media_sosial");
  await expect(page.locator("#f-source-platform")).toHaveValue("facebook");
  await expect(page.locator("#f-source-url")).toHaveValue(POST);
  await expect(page.locator(".link-row input")).toHaveValue(POST);
  await expect(page.locator("#f-description")).toHaveValue("Lihat ini … #pemilu");
  await expect(page.locator("#f-known_at")).toHaveValue(today());
  await expect(page.locator(".thumbs img")).toHaveCount(1);
  await expect.poll(() => page.locator(".thumbs img").evaluate((i) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  const stored = await deviceReport(page, id);
  expect(stored.report.evidence_links).toEqual([POST]);
  expect(stored.report.photos.map((p) => p.original_sha256)).toEqual([sha256(shot.buffer)]);
  const photo = stored.report.photos[0].sha256;
  // The recording as it is (not re-encoded), with what it takes on the phone.
  const video = sha256(recording.buffer);
  expect(stored.report.videos).toEqual([expect.objectContaining({ sha256: video, media_type: "video/webm", bytes: recording.buffer.length })]);
  await expect(page.locator(".videos .video-size")).toHaveText("0,1 MB");
  await expect(page.locator(".evidence-space")).toContainText("Di ponsel ini:");
  // The share itself is gone once it is a draft.
  const shares = () =>
    page.evaluate(
      () =>
        new Promise((done, fail) => {
          const open = indexedDB.open("netral");
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction("shares").objectStore("shares").count();
            req.onsuccess = () => {
              open.result.close();
              done(req.result);
            };
          };
        }),
    );
  expect(await shares()).toBe(0);

  // The browser is closed and opened again, still without signal.
  await context.close();
  context = await persistentContext(testInfo, profile, server.url);
  await context.setOffline(true);
  page = context.pages()[0] || (await context.newPage());
  await page.goto(`/laporan/${id}`);
  await expect(page.locator("#f-source-url")).toHaveValue(POST);
  await expect(page.locator(".thumbs img")).toHaveCount(1);
  await expect(page.locator(".videos video")).toHaveCount(1);
  await fillReady(page);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText(/^Menunggu sinyal/);

  // Signal is back: sent by itself, once, with the screenshot.
  await server.start();
  await context.setOffline(false);
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports .state")).toHaveText("Terkirim", { timeout: 20_000 });
  const onServer = await (await server.api(`/api/v1/reports/${id}`)).json();
  expect(onServer).toMatchObject({ id, revision: 1, versions: 1 });
  const res = await server.api(`/api/v1/evidence/${photo}`);
  expect(res.status).toBe(200);
  expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(photo);
  const clip = await server.api(`/api/v1/evidence/${video}`);
  expect(clip.status).toBe(200);
  expect(clip.headers.get("content-type")).toBe("video/webm");
  expect(sha256(Buffer.from(await clip.arrayBuffer()))).toBe(video);
  expect(server.evidenceFiles()).toEqual([photo, video].sort());
  const detail = await (await server.api(`/api/v1/cases/${onServer.case_id}`)).json();
  expect(detail.reports).toHaveLength(1);
  expect(detail.reports[0].report.evidence_links).toEqual([POST]);
  await context.close();
  await server.kill();
});

test("sharing a link a report on the phone already holds offers that report; a file that is not really a video is named, not dropped", async ({ page }) => {
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await page.goto("/");
  await serviceWorkerInCharge(page);
  await share(page, { text: "https://www.tiktok.com/@camat.sukamaju/video/7312345678901234567?is_from_webapp=1" }, [photoFile("satu.png", 11, 640, 480)]);
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const first = page.url().split("/").pop();
  await expect(page.locator("#f-source-platform")).toHaveValue("tiktok");
  await page.fill("#f-terlapor-name", "Budi Santoso");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");

  // The same post again, as another app writes it, with a second picture and a video.
  await share(page, { url: "tiktok.com/@Camat.Sukamaju/video/7312345678901234567" }, [
    photoFile("dua.png", 12, 640, 480),
    { name: "klip.mp4", mimeType: "video/mp4", buffer: Buffer.from("bukan video sungguhan") },
  ]);
  await expect(page).toHaveURL(/\/bagikan\?id=/);
  await expect(page.locator(".share-message")).toHaveText("Tautan ini sudah ada di laporan «Budi Santoso».");
  await page.click("button.add-to");
  await expect(page.locator(".share-message")).toHaveText("Bukan foto atau video: klip.mp4.");
  await page.click("a.open-report");
  await expect(page).toHaveURL(new RegExp(`/laporan/${first}$`));
  await expect(page.locator(".thumbs img")).toHaveCount(2);
  await expect(page.locator(".link-row input")).toHaveCount(1);
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Budi Santoso");
  // Neither share had words besides the link: the description is still the volunteer's to write.
  expect((await deviceReport(page, first)).report.description).toBe("");

  // And once more, choosing a new report.
  await share(page, { text: "https://vt.tiktok.com/ZSabc/ lagi https://www.tiktok.com/@camat.sukamaju/video/7312345678901234567" }, []);
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  // vt.tiktok.com is a short link: another link, so a new draft without a question.
  const second = page.url().split("/").pop();
  expect(second).not.toBe(first);
  await expect(page.locator("#f-source-url")).toHaveValue("https://vt.tiktok.com/ZSabc");
  await share(page, { text: "https://www.tiktok.com/@camat.sukamaju/video/7312345678901234567" }, []);
  await expect(page.locator(".share-message")).toHaveText("Tautan ini sudah ada di laporan «Budi Santoso».");
  await page.click("button.new-report");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const third = page.url().split("/").pop();
  expect([first, second]).not.toContain(third);
  await expect(page.locator(".thumbs img")).toHaveCount(0);
  await expect(page.locator(".link-row input")).toHaveValue("https://tiktok.com/@camat.sukamaju/video/7312345678901234567");
});

