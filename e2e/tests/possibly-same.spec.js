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
