// The walking skeleton: a draft survives a reload (IndexedDB), is sent,
// reaches the server, and sending it again stores nothing twice.
const { test, expect } = require("@playwright/test");
const { fillReady, openMore, joinDevice, sharedInvite, staffApi } = require("./helpers");

test("a draft survives a reload, is sent once, and a resend stores nothing twice", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();

  await fillReady(page);
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");

  await page.reload();
  await expect(page.locator("#f-terlapor-name")).toHaveValue("Drs. H. Ahmad Fauzi, M.Si.");
  await expect(page.locator("#f-place-regency")).toHaveValue("Kota Surabaya");
  await expect(page.locator("#f-description")).toHaveValue(/mengacungkan dua jari/);
  await expect(page.locator('input[value="medsos_foto"]')).toBeChecked();

  // Nothing reached the server yet.
  expect((await api(`/api/v1/reports/${id}`)).status).toBe(404);

  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText("Terkirim — diterima server.");
  const stored = await api(`/api/v1/reports/${id}`);
  expect(stored.status).toBe(200);
  expect(await stored.json()).toMatchObject({ id, revision: 1, versions: 1 });

  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText("Terkirim — server sudah menerima laporan ini sebelumnya.");
  expect(await (await api(`/api/v1/reports/${id}`)).json()).toMatchObject({ revision: 1, versions: 1 });

  // "Laporan saya" says where it is, in plain words.
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports li")).toHaveCount(1);
  await expect(page.locator(".reports .state")).toHaveText("Terkirim");
  // The server's answer about its case came back with the sync.
  const caseId = (await (await api(`/api/v1/reports/${id}`)).json()).case_id;
  await expect(page.locator(".reports .case")).toHaveText(`Kasus #${caseId}`);
  // Learnt of on 20 November 2024: long past Bawaslu's deadline, so the
  // row points to where it can still go.
  await expect(page.locator(".reports .countdown")).toHaveText(
    "Batas waktu ke Bawaslu sudah lewat — masih bisa ke BKN atau SP4N-LAPOR!",
  );
});

test("a report that is not ready is not sent and says why, in the chosen language", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const id = page.url().split("/").pop();
  await openMore(page);
  await page.fill("#f-terlapor-nip", "1966");
  // No error while typing; it appears once the field is left.
  await expect(page.locator('.problem[data-field="terlapor.nip"]')).toHaveCount(0);
  await page.press("#f-terlapor-nip", "Tab");
  // A partial NIP is a warning, never what stops the report.
  const nip = page.locator('.problem[data-field="terlapor.nip"]');
  await expect(nip).toHaveText([
    "NIP dan NI PPPK terdiri dari 18 angka.",
    "NIP ini tidak dikenali — periksa lagi. Laporan tetap bisa dikirim.",
  ]);
  await expect(nip.first()).toHaveAttribute("data-severity", "warning");
  await page.click("button.lang");
  await expect(nip).toHaveText([
    "A NIP or NI PPPK has 18 digits.",
    "This NIP is not recognised — check it again. The report can still be sent.",
  ]);
  await page.click("button.send");
  await expect(page.locator('.problem[data-field="terlapor.name"]')).toHaveText("Required.");
  expect((await api(`/api/v1/reports/${id}`)).status).toBe(404);
  // The language choice is remembered on the device.
  await page.reload();
  await expect(page.locator("button.send")).toHaveText("Send");
});

test("a failed send is retried by itself, without a reload or another tap", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  // The server cannot be reached: every sync request fails at the network level.
  await page.route("**/api/v1/sync", (route) => route.abort("internetdisconnected"));
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const id = page.url().split("/").pop();
  await fillReady(page);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText(/^Menunggu sinyal/);
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports .state")).toHaveText("Menunggu sinyal");
  expect((await api(`/api/v1/reports/${id}`)).status).toBe(404);

  // Signal is back: the backoff retry sends it, and the list says so.
  await page.unroute("**/api/v1/sync");
  await expect(page.locator(".reports .state")).toHaveText("Terkirim", { timeout: 20_000 });
  expect(await (await api(`/api/v1/reports/${id}`)).json()).toMatchObject({ id, versions: 1 });
});

test("a report sent while another send is on its way goes out right after it, not a minute later", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const second = page.url().split("/").pop();
  await fillReady(page);
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\//);
  const first = page.url().split("/").pop();
  await fillReady(page);
  // A slow network at the tail of the first send (the days-off calendar it
  // fetches last): the second report is queued after the first send has
  // read the outbox for the last time.
  await page.route("**/api/v1/calendar", async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  await page.click("button.send");
  await expect.poll(async () => (await api(`/api/v1/reports/${first}`)).status).toBe(200);
  await page.click("nav >> text=Laporan saya");
  await page.click(`.reports a[href="/laporan/${second}"]`);
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText("Terkirim — diterima server.", { timeout: 15_000 });
  for (const id of [first, second]) {
    expect(await (await api(`/api/v1/reports/${id}`)).json()).toMatchObject({ id, versions: 1 });
  }
});

test("an edit typed while the send is on its way goes out as the next revision; the phone never calls it sent before", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  await fillReady(page);
  // Learnt of today: the countdown to the deadline runs.
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  // No time known: the stored value is the date alone.
  await page.fill("#f-occurred_at-time", "");
  await page.fill("#f-occurred_at", today);
  await page.fill("#f-known_at", today);
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  await page.click("nav >> text=Laporan saya");
  const row = page.locator(".reports li", { hasText: "Ahmad Fauzi" });
  await expect(row.locator(".state")).toHaveText("Siap dikirim");
  await expect(row.locator(".countdown")).toHaveText(/^Batas waktu ke Bawaslu: \d{1,2} hari lagi$/);
  await row.locator("a").click();

  // The first sync request is held on its way until the edit is saved.
  let release;
  const held = new Promise((r) => (release = r));
  let requests = 0;
  await page.route("**/api/v1/sync", async (route) => {
    requests += 1;
    if (requests === 1) await held;
    await route.continue();
  });
  await page.click("button.send");
  await expect.poll(() => requests).toBe(1);
  await page.fill("#f-description", "Ia mengacungkan dua jari di depan massa kampanye, lalu membagikan kaus calon.");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  // Not sent yet: the answer is still on its way.
  await expect(page.locator(".status")).toHaveText(/^Menunggu sinyal/);
  release();

  await expect(page.locator(".status")).toHaveText("Terkirim — diterima server.", { timeout: 20_000 });
  expect(requests).toBe(2);
  const stored = await (await api(`/api/v1/reports/${id}`)).json();
  expect(stored).toMatchObject({ id, revision: 2, versions: 2 });
  const detail = await (await api(`/api/v1/cases/${stored.case_id}`)).json();
  const member = detail.reports.find((m) => m.report_id === id);
  expect(member.report.description).toContain("membagikan kaus calon");
});

test("the last words typed just before leaving the form are kept", async ({ page }) => {
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  await page.fill("#f-terlapor-name", "Rudi Hartono");
  await expect(page.locator(".saved")).toHaveText("Tersimpan di perangkat");
  // Typed and left at once, well inside the autosave's 200 ms.
  await page.fill("#f-description", "Camat membagikan kalender calon bupati.");
  await page.click("nav >> text=Laporan saya");
  await expect(page.locator(".reports li", { hasText: "Rudi Hartono" })).toHaveCount(1);
  await page.goto(`/laporan/${id}`);
  await expect(page.locator("#f-description")).toHaveValue("Camat membagikan kalender calon bupati.");
});

test("a report without the volunteer's identity and with a partial NIP is sent, then deleted from the phone only", async ({ page, baseURL }) => {
  const api = await staffApi(baseURL);
  await joinDevice(page, sharedInvite());
  await page.goto("/baru");
  await expect(page).toHaveURL(/\/laporan\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  await fillReady(page);
  await openMore(page);
  await page.fill("#f-terlapor-nip", "19660801 1988");
  await page.press("#f-terlapor-nip", "Tab");
  await expect(page.locator('.problem.warn[data-field="terlapor.nip"]').last()).toHaveText(
    "NIP ini tidak dikenali — periksa lagi. Laporan tetap bisa dikirim.",
  );
  // The coalition files: the identity fields go out of sight, not out of the phone.
  await page.check("#f-coalition_is_pelapor");
  await expect(page.locator("#f-reporter-name")).toHaveCount(0);
  await expect(page.locator(".checklist")).toContainText("Nama dan alamat pelapor");
  await page.click("button.send");
  await expect(page.locator(".status")).toHaveText("Terkirim — diterima server.");
  const identity = await (await api(`/api/v1/reports/${id}/reporter`)).json();
  expect(identity).toMatchObject({ name: "", address: "", contact: "" });
  await page.uncheck("#f-coalition_is_pelapor");
  await expect(page.locator("#f-reporter-name")).toHaveValue("Siti Aminah");

  await page.click("nav >> text=Laporan saya");
  const row = page.locator(".reports li", { hasText: "Ahmad Fauzi" });
  await row.locator("button.delete").click();
  await expect(row.locator(".confirm")).toContainText("tetap ada di server koalisi");
  await row.locator("button.confirm-delete").click();
  await expect(page.locator(".reports li", { hasText: "Ahmad Fauzi" })).toHaveCount(0);
  expect((await api(`/api/v1/reports/${id}`)).status).toBe(200);
});
