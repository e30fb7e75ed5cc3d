// The coordinators' road, end to end: two volunteers report one incident
// with different links and spellings; the coordinator sees one case with two
// reports, verifies it, forwards it to Bawaslu with a reference number; the
// CSV export holds it; the first volunteer's phone says where it went. Then
// the rest of a coordinator's desk: the evidence, the printable formal
// report, a split and a merge back, the follow-up, the per-report export.
const { test, expect } = require("@playwright/test");
const { fillReady, joinDevice, photoFile, webmFile, sha256, Server, ADMIN } = require("./helpers");

async function report(page, { name, link, photo, video }) {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  await fillReady(page);
  await page.fill("#f-terlapor-name", name);
  await page.click("button.add-link");
  await page.fill('input[name="evidence_links.0"]', link);
  if (photo) {
    await page.setInputFiles("#f-photo-gallery", photo);
    await expect(page.locator(".thumbs img")).toHaveCount(1);
  }
  if (video) {
    await page.setInputFiles("#f-photo-gallery", video);
    await expect(page.locator(".videos video")).toHaveCount(1);
  }
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
  await report(phoneA, {
    name: "Drs. H. Ahmad Fauzi, M.Si.",
    link: "https://www.facebook.com/ahmad.fauzi/posts/1234567890?__cft__=xyz",
    photo: photoFile("deklarasi.png", 3, 800, 600),
  });
  const clip = webmFile("rekaman.webm", 3);
  await report(phoneB, { name: "ahmad fauzi", link: "https://m.facebook.com/ahmad.fauzi/posts/1234567890", video: clip });

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
  const members = desk.locator(".members > li");
  await expect(members).toHaveCount(2);
  // Each report with its evidence: the photo is served to the signed-in
  // coordinator, the links open the posts.
  await expect(members.nth(0).locator(".why")).toContainText("Laporan pertama");
  await expect(members.nth(1).locator(".why")).not.toBeEmpty();
  const thumb = members.nth(0).locator(".photos img");
  await expect(thumb).toHaveCount(1);
  await expect.poll(() => thumb.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(desk.locator(".member .links a")).toHaveCount(2);
  // The second volunteer's screen recording, served by its sniffed type.
  const video = members.nth(1).locator(".evidence-video video");
  await expect(video).toHaveCount(1);
  const served = await desk.request.get(await video.getAttribute("src"));
  expect(served.headers()["content-type"]).toBe("video/webm");
  expect(sha256(await served.body())).toBe(sha256(clip.buffer));
  await expect(members.nth(1).locator(".evidence-video a")).toHaveText("Unduh video (0,1 MB)");
  await desk.click("button.verify");
  await expect(desk.locator(".case-status")).toHaveText("Diverifikasi");
  // November 2024 is past Bawaslu's deadline and there is no NIP: the form
  // starts on SP4N-LAPOR!; this coordinator files with Bawaslu anyway.
  await expect(desk.locator("#f-agency")).toHaveValue("lapor");
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

  // The formal report to print: the fields the law asks for, the evidence,
  // and the reporter only on request (audited).
  await desk.click(".print-link");
  await expect(desk).toHaveURL(/\/dasbor\/kasus\/\d+\/cetak$/);
  const formal = desk.locator(".formal-report");
  await expect(formal.locator("h1")).toHaveText("LAPORAN DUGAAN PELANGGARAN PEMILIHAN");
  await expect(formal).toContainText("UU 1/2015 Pasal 134");
  await expect(formal).toContainText("Rabu, 20 November 2024 pukul 09.30");
  await expect(formal).toContainText("Kota Surabaya");
  await expect(formal).toContainText("mengacungkan dua jari");
  // The two volunteers linked one post in two forms (m.facebook.com, a
  // tracking parameter); the phone keeps links canonical, so it is one
  // piece of evidence, printed once.
  await expect(formal.locator(".evidence .evidence-link")).toHaveCount(1);
  await expect(formal.locator(".evidence .evidence-link")).toHaveText("https://facebook.com/ahmad.fauzi/posts/1234567890");
  await expect(formal.locator(".evidence .evidence-photo img")).toHaveCount(1);
  // Paper cannot hold the video: it is named by its hash, to hand over as a file.
  await expect(formal.locator(".evidence .evidence-video")).toHaveText(
    new RegExp(`^Video \\(WebM, 0,1 MB\\), direkam .+; dilampirkan sebagai berkas digital · SHA-256 ${sha256(clip.buffer)}$`),
  );
  await expect(formal).not.toContainText("Siti Aminah");
  await desk.click(".reveal-reporter");
  await expect(formal).toContainText("Siti Aminah");
  await expect(formal).toContainText("Jl. Darmo 1, Surabaya");
  const audit = await (await server.api("/api/v1/audit")).text();
  expect(audit).toContain("reporter_open");
  await desk.goBack();

  // Split the second report out, then merge that case back, found by name.
  await members.nth(1).locator("button.split").click();
  await expect(desk.locator(".case-notice")).toContainText("kasus #");
  await expect(members).toHaveCount(1);
  await desk.click(".corrections summary");
  await desk.fill("#f-merge-search", "ahmad fauzi");
  await desk.click(".merge button[type=submit]");
  await desk.locator(".merge-results button.merge-button").first().click();
  await expect(members).toHaveCount(2);
  await expect(desk.locator(".timeline")).toContainText("digabung ke sini");

  // Correct the terlapor's position; saving nothing new is refused. (The
  // corrections panel may still be open from the merge.)
  if (!(await desk.locator("details.corrections").evaluate((d) => d.open))) await desk.click(".corrections summary");
  await desk.click(".canonical button[type=submit]");
  await expect(desk.locator(".canonical .problem")).toHaveText("Tidak ada yang diubah.");
  await desk.fill("#f-canonical-position", "Camat Tegalsari, Kota Surabaya");
  await desk.click(".canonical button[type=submit]");
  await expect(desk.locator(".case .who")).toHaveText("Camat Tegalsari, Kota Surabaya");
  await expect(desk.locator(".timeline")).toContainText("Data terlapor dikoreksi: jabatan");

  // The outcome is kept on the timeline.
  await desk.fill("#f-outcome", "Sanksi teguran tertulis");
  await desk.click("button.follow-up");
  await expect(desk.locator(".case-status")).toHaveText("Ditindaklanjuti");
  await expect(desk.locator(".timeline")).toContainText("Sanksi teguran tertulis");

  // One row per report, from the overview's export.
  await desk.goto("/dasbor/");
  await desk.check(".exports input.per-report");
  const href = await desk.locator(".exports a", { hasText: "CSV" }).getAttribute("href");
  expect(href).toContain("rows=reports");
  const perReport = await (await server.api(href)).text();
  expect(perReport.trim().split("\n")).toHaveLength(3);

  // Inviting more volunteers: a code and its QR code; the phones that joined.
  await desk.click(".team-link");
  await expect(desk.locator("table.devices tbody tr")).toHaveCount(2);
  await desk.selectOption("#f-invite-org", { index: 1 });
  await desk.selectOption("#f-invite-scope", "35");
  await desk.click(".invite-form button[type=submit]");
  await expect(desk.locator(".invite-code code")).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  await expect(desk.locator(".created-invite .qr svg")).toBeVisible();
  await expect(desk.locator("table.invites tbody tr")).toHaveCount(2);

  // A lost phone: revoked from this page after a confirmation; the phone
  // keeps its reports and says why it no longer sends. Phone B is the lost one.
  await phoneB.goto("/gabung");
  const lostName = (await phoneB.locator(".joined").textContent()).match(/Relawan-[0-9A-Z]+/)[0];
  const lost = desk.locator(`table.devices tr[data-device="${lostName}"]`);
  desk.once("dialog", (d) => d.dismiss());
  await lost.locator(".revoke-device").click();
  // Dismissed: nothing revoked, on the server either.
  const devices = async () => (await (await server.api("/api/v1/devices")).json()).devices;
  expect((await devices()).filter((d) => d.revoked_at)).toEqual([]);
  desk.once("dialog", (d) => d.accept());
  await lost.locator(".revoke-device").click();
  await expect(lost).toContainText("Dicabut");
  await expect(desk.locator("table.devices tbody tr .revoke-device")).toHaveCount(1);
  expect((await devices()).filter((d) => d.revoked_at).map((d) => d.pseudonym)).toEqual([lostName]);
  const sends = { "Terkirim — diterima server.": phoneA, "Belum terkirim: perangkat ini sudah dicabut": phoneB };
  for (const [said, phone] of Object.entries(sends)) {
    await phone.goto("/baru");
    await expect(phone).toHaveURL(/\/laporan\//);
    await fillReady(phone);
    await phone.click("button.send");
    await expect(phone.locator(".status")).toContainText(said);
  }
  await server.kill();
});
