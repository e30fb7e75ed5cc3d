#!/usr/bin/env node
// The common case, scripted as a volunteer does it on a 360 px phone: a
// Facebook post shared into Netral with its screenshot, then the person's
// name and position, one violation, the date, "Kirim". Counts the taps and
// the typed characters after the share and times it to "Terkirim"; exits
// non-zero over budget (≤ 8 taps, ≤ 60 characters).
// The phone has sent one report before (set up first, not counted), so it
// remembers the volunteer, the place and the election, as on the second
// report of a day.
// Run: cd e2e && node bench/taps.js   (needs ../dist and ../target/debug/netral)
const { chromium, expect } = require("@playwright/test");
const config = require("../playwright.config.js");
const { fillReady, joinDevice, photoFile, Server } = require("../tests/helpers");

const TAPS = 8;
const TYPED = 60;

// What the share sheet posts to the manifest's share_target.
async function share(page, fields, files) {
  await page.evaluate((fields) => {
    const form = Object.assign(document.createElement("form"), { method: "post", action: "/bagikan", enctype: "multipart/form-data", id: "bench-share" });
    for (const [name, value] of Object.entries(fields)) form.appendChild(Object.assign(document.createElement("input"), { name, value }));
    form.appendChild(Object.assign(document.createElement("input"), { type: "file", name: "files", multiple: true }));
    document.body.appendChild(form);
  }, fields);
  await page.setInputFiles("#bench-share input[type=file]", files);
  await page.evaluate(() => document.getElementById("bench-share").submit());
}

async function main() {
  const server = await Server.create("bench-taps");
  const browser = await chromium.launch(config.use.launchOptions);
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: config.use.viewport, locale: "id-ID", hasTouch: true });
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
    await joinDevice(page, server.inviteCode);
    // The first report of the day, which leaves the volunteer remembered.
    await page.click("nav >> text=Laporan baru");
    await page.waitForURL(/\/laporan\//);
    await fillReady(page);
    await page.click("button.remember-me");
    await page.click("button.send");
    await page.locator('.status[data-state="sent"]').waitFor();

    let taps = 0;
    let typed = 0;
    const tap = async (selector) => {
      taps++;
      await page.locator(selector).tap();
    };
    const type = async (selector, text) => {
      await tap(selector);
      typed += text.length;
      await page.keyboard.type(text);
    };

    const t0 = Date.now();
    await share(
      page,
      {
        title: "",
        text: "Camat Wonokromo ikut mengajak warga memilih calon wali kota nomor 2 di acara kelurahan https://www.facebook.com/share/p/19Bq7xWzKa/?mibextid=wwXIfr",
        url: "",
      },
      [photoFile("Screenshot_20241120-093012.png", 11, 1080, 2340)],
    );
    await page.waitForURL(/\/laporan\/[0-9a-f-]{36}$/);
    await expect(page.locator("#f-source-platform")).toHaveValue("facebook");
    await expect(page.locator(".thumbs img")).toHaveCount(1);
    await type("#f-terlapor-name", "Ahmad Fauzi");
    await type("#f-terlapor-position", "Camat Wonokromo");
    await tap('input[name="violations"][value="medsos_kampanye"]');
    await tap(".quick-dates >> text=Hari ini");
    await tap("button.send");
    await page.locator('.status[data-state="sent"]').waitFor({ timeout: 30_000 });
    const seconds = (Date.now() - t0) / 1000;

    console.log(`common case (share a Facebook post + screenshot, name, position, one violation, date, Kirim):`);
    console.log(`  taps after the share   ${String(taps).padStart(4)}   (budget ${TAPS})`);
    console.log(`  typed characters       ${String(typed).padStart(4)}   (budget ${TYPED})`);
    console.log(`  share to "Terkirim"    ${seconds.toFixed(1).padStart(6)} s (scripted; a person adds reading and typing time)`);
    if (taps > TAPS || typed > TYPED) {
      console.error("taps: over budget");
      process.exit(1);
    }
    console.log("taps: within budget");
    await context.close();
  } finally {
    await browser.close();
    await server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
