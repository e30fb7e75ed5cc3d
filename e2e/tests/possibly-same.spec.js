// "Kemungkinan sama": one post reported in two kab/kota is never joined
// automatically. The coordinator sees the link on the case, confirms one
// (the audited merge) and dismisses another, which is not suggested again.
const { test, expect } = require("@playwright/test");
const { Server, ADMIN, reportJson, uuidv7 } = require("./helpers");

function inRegion(regency, link, i) {
  const r = reportJson(uuidv7(), i);
  r.place.province = regency.slice(0, 2);
  r.place.regency = regency;
  r.terlapor.name = "Drs. H. Ahmad Fauzi, M.Si.";
  r.evidence_links = [link];
  return r;
}

test("a coordinator confirms one 'possibly the same' and dismisses another", async ({ browser }) => {
  const server = await Server.create("possibly-same");
  const sync = (reports) => server.sync(reports);
  // Surabaya and Bandung share one post; Sidoarjo and Malang another.
  const sby = inRegion("35.78", "https://detik.com/berita/100", 1);
  const bdg = inRegion("32.73", "https://detik.com/berita/100", 2);
  const sda = inRegion("35.15", "https://detik.com/berita/200", 3);
  const mlg = inRegion("35.73", "https://detik.com/berita/200", 4);
  await sync([sby, sda]);
  await sync([bdg, mlg]);
  const caseOf = (r) => server.caseOf(r);
  const [caseSby, caseBdg, caseSda, caseMlg] = await Promise.all([sby, bdg, sda, mlg].map(caseOf));
  expect(new Set([caseSby, caseBdg, caseSda, caseMlg]).size).toBe(4);

  const desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 800 } })).newPage();
  await desk.goto("/dasbor/");
  await desk.fill("#f-username", ADMIN.username);
  await desk.fill("#f-password", ADMIN.password);
  await desk.click(".login button[type=submit]");
  await desk.click("a.links-link");
  await expect(desk.locator(".possibly-same-list li")).toHaveCount(2);

  // Confirm: one incident, merged.
  await desk.goto(`/dasbor/kasus/${caseSby}`);
  const item = desk.locator(".possibly-same-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`Kasus #${caseBdg}`);
  await expect(item).toContainText("URL bukti sama");
  await item.locator("button.merge-link").click();
  await expect(desk.locator(".possibly-same")).toHaveCount(0);
  await expect(desk.locator(".members > li")).toHaveCount(2);

  // Dismiss: not the same incident; remembered.
  await desk.goto(`/dasbor/kasus/${caseSda}`);
  await expect(desk.locator(".possibly-same-item")).toContainText(`Kasus #${caseMlg}`);
  await desk.click(".possibly-same-item button.dismiss-link");
  await expect(desk.locator(".possibly-same")).toHaveCount(0);
  await sync([inRegion("35.73", "https://detik.com/berita/200", 5)]);
  await desk.goto("/dasbor/kemungkinan-sama");
  await expect(desk.locator(".empty")).toHaveText("Tidak ada yang perlu diperiksa.");

  const audit = await (await server.api("/api/v1/audit")).json();
  const actions = audit.entries.map((e) => e.action);
  expect(actions).toContain("case_merge");
  expect(actions).toContain("case_link_dismiss");
  await server.kill();
});

// Weak evidence in one kab/kota: "Pak Fauzi" without an office may be the
// camat Ahmad Fauzi; one name with two positions may be one person. Both
// are suggested with their reason, never joined automatically.
test("a coordinator confirms a suggestion on part of a name and dismisses one on a name", async ({ browser }) => {
  const server = await Server.create("possibly-same-fuzzy");
  const person = (name, position, agency, i) => {
    const r = reportJson(uuidv7(), i);
    Object.assign(r.terlapor, { name, position, agency });
    return r;
  };
  const camat = person("Ahmad Fauzi", "Camat", "Kecamatan Wonokromo", 1);
  const guru = person("Budi Santoso", "Guru SD", "", 2);
  const pak = person("Pak Fauzi", "", "", 3);
  const lurah = person("Budi Santoso", "Lurah", "", 4);
  await server.sync([camat, guru]);
  await server.sync([pak, lurah]);
  const [caseCamat, caseGuru, casePak, caseLurah] = await Promise.all([camat, guru, pak, lurah].map((r) => server.caseOf(r)));
  expect(new Set([caseCamat, caseGuru, casePak, caseLurah]).size).toBe(4);

  const desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 800 } })).newPage();
  await desk.goto("/dasbor/");
  await desk.fill("#f-username", ADMIN.username);
  await desk.fill("#f-password", ADMIN.password);
  await desk.click(".login button[type=submit]");
  await desk.click("a.links-link");
  await expect(desk.locator(".possibly-same-list li")).toHaveCount(2);

  await desk.goto(`/dasbor/kasus/${caseCamat}`);
  const item = desk.locator(".possibly-same-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`Kasus #${casePak}`);
  await expect(item).toContainText("Sebagian nama sama, wilayah dan tanggal sama");
  await item.locator("button.merge-link").click();
  await expect(desk.locator(".possibly-same")).toHaveCount(0);
  await expect(desk.locator(".members > li")).toHaveCount(2);

  await desk.goto(`/dasbor/kasus/${caseLurah}`);
  await expect(desk.locator(".possibly-same-item")).toContainText(`Kasus #${caseGuru}`);
  await expect(desk.locator(".possibly-same-item")).toContainText("Nama, wilayah dan tanggal sama");
  await desk.click(".possibly-same-item button.dismiss-link");
  await expect(desk.locator(".possibly-same")).toHaveCount(0);
  // The lurah reported again: joins his case, and the dismissed pair stays dismissed.
  const again = person("Budi Santoso", "Lurah", "", 5);
  await server.sync([again]);
  expect(await server.caseOf(again)).toBe(caseLurah);
  await desk.goto("/dasbor/kemungkinan-sama");
  await expect(desk.locator(".empty")).toHaveText("Tidak ada yang perlu diperiksa.");
  await server.kill();
});
