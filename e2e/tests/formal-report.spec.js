// What a coordinator files must be legally right: the printed report of a
// Pemilu case follows Bawaslu's Formulir Model B.1 (Perbawaslu 7/2022), a
// Pilkada case cites Perbawaslu 8/2020 as amended by 9/2024 (never 7/2022);
// both name the weekday of each date, carry the statement and the place of
// filing, and take the pelapor's particulars from the coordinator at print
// time. The forward form starts on the suggested route.
const { test, expect } = require("@playwright/test");
const { Server, ADMIN, reportJson, uuidv7 } = require("./helpers");

test("the printed Pemilu and Pilkada reports follow their forms; forwarding starts on the suggested agency", async ({ browser }) => {
  const server = await Server.create("formal-report");
  // A Pemilu case (Pileg DPR, a camat with a NIP, known Monday 5 February
  // 2024) and a Pilkada case (the wali kota election of November 2024).
  const pemilu = reportJson(uuidv7(), 1);
  pemilu.terlapor.name = "Bambang Wijaya";
  pemilu.terlapor.nip = "19660801 198803 1 001";
  pemilu.election.kind = "pileg_dpr";
  pemilu.occurred_at = "2024-02-05T10:15";
  pemilu.known_at = "2024-02-05";
  pemilu.witnesses = "Budi, Jl. Kenari 2, 0812 1111 2222\nSri, Jl. Melati 5, 0813 3333 4444";
  pemilu.evidence_links = ["https://www.facebook.com/bambang.wijaya/posts/42"];
  const pilkada = reportJson(uuidv7(), 2);
  await server.sync([pemilu, pilkada]);
  const caseOf = (r) => server.caseOf(r);

  const desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } })).newPage();
  await desk.goto("/dasbor/");
  await desk.fill("#f-username", ADMIN.username);
  await desk.fill("#f-password", ADMIN.password);
  await desk.click(".login button[type=submit]");
  await expect(desk.locator("table.cases tbody tr")).toHaveCount(2);

  // Pemilu: Bawaslu's deadline has long passed and the camat has a NIP, so
  // the suggestion is BKN; the form starts there once the case is verified.
  await desk.goto(`/dasbor/kasus/${await caseOf(pemilu)}`);
  await expect(desk.locator(".route .route-to")).toHaveText("BKN");
  await expect(desk.locator(".route .route-reasons")).toContainText("Batas waktu ke Bawaslu sudah lewat");
  await expect(desk.locator(".route .act-class")).toContainText("Pelanggaran disiplin");
  await desk.click("button.verify");
  await expect(desk.locator(".case-status")).toHaveText("Diverifikasi");
  await expect(desk.locator("#f-agency")).toHaveValue("bkn");

  await desk.click(".print-link");
  const formal = desk.locator(".formal-report");
  await expect(formal.locator("h1")).toHaveText("LAPORAN DUGAAN PELANGGARAN PEMILU");
  await expect(formal.locator(".form-model")).toHaveText("Formulir Model B.1");
  await expect(formal).toContainText("UU 7/2017 Pasal 454");
  await expect(formal).toContainText("Perbawaslu 7/2022");
  await expect(formal).toContainText("Senin, 5 Februari 2024 pukul 10.15");
  await expect(formal).toContainText("Demikian laporan ini saya buat dengan sebenar-benarnya.");
  await expect(formal.locator(".filed")).toContainText("Dilaporkan di Kota Surabaya pada hari/tanggal");
  await expect(formal.locator(".evidence > li")).toHaveCount(1);
  // The pelapor: the coalition files in its own name, typed at print time
  // and saved in this browser for the next case.
  await expect(formal.locator("table.pelapor")).not.toContainText("Koalisi");
  await desk.fill("#p-nama", "Koalisi Pemantau Netralitas Jatim");
  await desk.fill("#p-alamat", "Jl. Raya Darmo 10, Surabaya");
  await desk.fill("#p-tanggal-lahir", "1980-03-07");
  await desk.fill("#p-tempat-lahir", "Surabaya");
  await expect(formal.locator("table.pelapor")).toContainText("Koalisi Pemantau Netralitas Jatim");
  await expect(formal.locator("table.pelapor")).toContainText("Surabaya, Jumat, 7 Maret 1980");
  await desk.click("button.save-org");
  // Witnesses are sealed with the reporter: shown one by one after the
  // audited opening.
  await desk.click(".reveal-reporter");
  await expect(formal.locator(".witnesses > li")).toHaveCount(2);
  await expect(formal.locator(".witnesses")).toContainText("Sri, Jl. Melati 5");

  // Pilkada: never Perbawaslu 7/2022.
  await desk.goto(`/dasbor/kasus/${await caseOf(pilkada)}/cetak`);
  await expect(formal.locator("h1")).toHaveText("LAPORAN DUGAAN PELANGGARAN PEMILIHAN");
  await expect(formal).toContainText("UU 1/2015 Pasal 134");
  await expect(formal).toContainText("Perbawaslu 8/2020");
  await expect(formal).toContainText("Perbawaslu 9/2024");
  await expect(formal).not.toContainText("Perbawaslu 7/2022");
  await expect(formal).toContainText("Rabu, 20 November 2024 pukul 09.30");
  await expect(formal).toContainText("Demikian laporan ini saya buat dengan sebenar-benarnya.");
  await expect(formal.locator("table.pelapor")).not.toContainText("Koalisi");
  await desk.click("button.use-org");
  await expect(formal.locator("table.pelapor")).toContainText("Koalisi Pemantau Netralitas Jatim");
});
