// An admin's and a coordinator's own desk: the admin makes an organisation
// and a coordinator with regions, the coordinator replaces the first
// password, the audit log shows both without personal data, a disabled
// account is signed out on its next click, and repeated wrong passwords
// lock the account with a clear message.
const { test, expect } = require("@playwright/test");
const { Server, ADMIN } = require("./helpers");

async function signIn(page, username, password) {
  await page.goto("/dasbor/");
  await page.fill("#f-username", username);
  await page.fill("#f-password", password);
  await page.click(".login button[type=submit]");
}

test("an admin makes a coordinator, who changes the password; the audit log says so; disabling signs them out", async ({ browser }) => {
  const server = await Server.create("people");
  const wide = { baseURL: server.url, viewport: { width: 1280, height: 900 } };
  const desk = await (await browser.newContext(wide)).newPage();
  await signIn(desk, ADMIN.username, ADMIN.password);
  await desk.click(".account-link");
  await expect(desk.locator(".account h1")).toHaveText("Akun saya");

  await desk.fill("#f-org-name", "Koalisi Pemantau Jawa Barat");
  await desk.click(".org-form button[type=submit]");
  await expect(desk.locator(".organisations li", { hasText: "Koalisi Pemantau Jawa Barat" })).toHaveCount(1);

  const first = "kata-sandi-awal-123";
  await desk.fill("#f-user-name", "koor-jabar");
  await desk.fill("#f-user-password", "pendek");
  await desk.click(".user-form button[type=submit]");
  await expect(desk.locator(".people .problem")).toHaveText("Kata sandi minimal 12 karakter.");
  await desk.fill("#f-user-password", first);
  await desk.selectOption("#f-user-org", { label: "Koalisi Pemantau Jawa Barat" });
  await desk.selectOption("#f-user-region", "32");
  await desk.click(".add-region");
  await desk.selectOption("#f-user-region", "35.78");
  await desk.click(".add-region");
  await expect(desk.locator(".chosen-regions li")).toHaveCount(2);
  await desk.click(".user-form button[type=submit]");
  const row = desk.locator('tr[data-user="koor-jabar"]');
  await expect(row).toContainText("Koalisi Pemantau Jawa Barat");
  await expect(row).toContainText("Jawa Barat, Kota Surabaya");

  // The coordinator signs in with the admin's password and replaces it.
  const koor = await (await browser.newContext(wide)).newPage();
  await signIn(koor, "koor-jabar", first);
  await koor.click(".account-link");
  await expect(koor.locator(".account .me")).toContainText("Koordinator · Koalisi Pemantau Jawa Barat · Jawa Barat, Kota Surabaya");
  // Only admins manage people and read the audit log.
  await expect(koor.locator(".people, .audit")).toHaveCount(0);
  const next = "kata-sandi-baru-456";
  await koor.fill("#f-current-password", "bukan-yang-ini-999");
  await koor.fill("#f-new-password", next);
  await koor.fill("#f-new-password-again", next + "x");
  await koor.click(".password-form button[type=submit]");
  await expect(koor.locator(".password-form .problem")).toHaveText("Kedua kata sandi baru tidak sama.");
  await koor.fill("#f-new-password-again", next);
  await koor.click(".password-form button[type=submit]");
  await expect(koor.locator(".password-form .problem")).toHaveText("Kata sandi saat ini salah.");
  await expect(koor.locator(".password-form .done")).toHaveCount(0);
  await koor.fill("#f-current-password", first);
  await koor.click(".password-form button[type=submit]");
  await expect(koor.locator(".password-form .done")).toHaveText("Kata sandi diganti. Sesi Anda di perangkat lain sudah diakhiri.");
  await expect(koor.locator("#f-current-password")).toHaveValue("");

  // Signing out and in again: the old password no longer works.
  await koor.click("button.logout");
  await expect(koor.locator(".login")).toBeVisible();
  await signIn(koor, "koor-jabar", first);
  await expect(koor.locator(".login-error")).toHaveText("Nama pengguna atau kata sandi salah.");
  await signIn(koor, "koor-jabar", next);
  await expect(koor.locator(".account-link")).toHaveText("koor-jabar");

  // The audit log: who did what, by code, and no password anywhere.
  await desk.reload();
  const log = desk.locator("table.audit-log");
  await expect(log.locator('tr[data-action="password_change"]')).toContainText("koor-jabar");
  await expect(log.locator('tr[data-action="password_change"]')).toContainText("Kata sandi diganti");
  // Newest first: the admin's, then the command line's first admin.
  await expect(log.locator('tr[data-action="user_create"]')).toHaveCount(2);
  await expect(log.locator('tr[data-action="user_create"]').first()).toContainText("admin");
  await expect(log.locator('tr[data-action="user_create"]').first()).toContainText("Akun dibuat");
  await expect(log.locator('tr[data-action="organisation_create"]')).toHaveCount(2);
  for (const secret of [first, next]) await expect(desk.locator("body")).not.toContainText(secret);

  // Disabled: the coordinator's next click ends at the sign-in form, saying why.
  desk.once("dialog", (d) => d.accept());
  await row.locator(".disable-user").click();
  await expect(row).toContainText("Nonaktif");
  await koor.click(".team-link");
  await expect(koor.locator(".login")).toBeVisible();
  await expect(koor.locator(".login-error")).toHaveText("Sesi Anda sudah berakhir; silakan masuk lagi.");
  const [refused] = await Promise.all([
    koor.waitForResponse((r) => r.url().endsWith("/api/v1/auth/login")),
    signIn(koor, "koor-jabar", next),
  ]);
  // A disabled account answers like a wrong password.
  expect(refused.status()).toBe(401);
  await expect(koor.locator(".login-error")).toHaveText("Nama pengguna atau kata sandi salah.");
  await expect(koor.locator(".account-link")).toHaveCount(0);
  await server.kill();
});

test("repeated wrong passwords lock the account for a while, and the sign-in form says so", async ({ browser }) => {
  const server = await Server.create("lockout");
  const page = await (await browser.newContext({ baseURL: server.url })).newPage();
  for (let i = 0; i < 4; i++) {
    await signIn(page, ADMIN.username, `salah-${i}-kata-sandi`);
    await expect(page.locator(".login-error")).toHaveText("Nama pengguna atau kata sandi salah.");
  }
  // The fifth failure locks the account; even the right password waits.
  await signIn(page, ADMIN.username, "salah-4-kata-sandi");
  await expect(page.locator(".login-error")).toHaveText(/^Terlalu banyak percobaan masuk yang gagal; akun ini dikunci sementara/);
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.locator(".login-error")).toHaveText(/^Terlalu banyak percobaan masuk yang gagal; akun ini dikunci sementara/);
  await expect(page.locator(".account-link")).toHaveCount(0);
  await server.kill();
});
