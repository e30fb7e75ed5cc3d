// Shared by the browser tests: filling a complete report, real image files,
// and a Netral server of a test's own that it can kill and restart.
const { expect, chromium } = require("@playwright/test");
const { spawn, execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");
const zlib = require("node:zlib");

const BINARY = path.resolve(__dirname, "../../target/debug/netral");
const DIST = path.resolve(__dirname, "../../dist");
const TMP = path.resolve(__dirname, "../.tmp");

// The admin every test server gets from `netral admin create`, and the
// organisation and invite code its volunteers join with.
const ADMIN = { username: "admin", password: "e2e-admin-password-123" };
const ORGANISATION = "Jaringan Pemantau Jawa Timur";

function admin(dataDir, args, input) {
  return execFileSync(BINARY, ["admin", "--data-dir", dataDir, ...args], { input, encoding: "utf8" });
}

// Creates the admin and an organisation, and returns a fresh invite code
// for East Java good for 100 devices.
function setupAccounts(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  admin(dataDir, ["create", "--username", ADMIN.username, "--password-stdin"], `${ADMIN.password}\n`);
  admin(dataDir, ["create-organisation", "--name", ORGANISATION]);
  return newInvite(dataDir);
}

function newInvite(dataDir) {
  const out = admin(dataDir, ["invite", "--organisation", ORGANISATION, "--region", "35", "--max-uses", "100"]);
  const code = out.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2,4}/);
  if (!code) throw new Error(`no invite code in: ${out}`);
  return code[0];
}

// A signed-in admin's fetch, for checking what reached the server.
async function staffApi(baseURL) {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return (pathname, init = {}) => fetch(`${baseURL}${pathname}`, { ...init, headers: { ...(init.headers || {}), cookie } });
}

// The volunteer joins once, with signal, with the code from a coordinator.
async function joinDevice(page, code) {
  await page.goto(`/gabung?kode=${encodeURIComponent(code)}`);
  await expect(page.locator("#f-invite-code")).toHaveValue(code);
  await page.click(".join button[type=submit]");
  await expect(page.locator(".joined")).toContainText("Perangkat ini terdaftar sebagai Relawan-");
}

// The invite code of the shared test server (written by playwright.config.js's webServer command).
function sharedInvite() {
  return fs.readFileSync(path.join(TMP, "invite-code"), "utf8").trim();
}

// Opens "Lengkapi (tidak wajib)", where the optional fields are folded.
async function openMore(page) {
  const more = page.locator("details.more");
  if (!(await more.evaluate((d) => d.open))) await more.locator("summary").click();
}

async function fillReady(page) {
  await page.fill("#f-terlapor-name", "Drs. H. Ahmad Fauzi, M.Si.");
  await page.fill("#f-terlapor-position", "Camat Tegalsari");
  // One search box is enough: picking the city fills in its province.
  await page.fill("#f-place-regency", "sura");
  await page.click('.picker button[data-code="35.78"]');
  await expect(page.locator("#f-place-province")).toHaveValue("Jawa Timur");
  // A date, and the time only when known.
  await page.fill("#f-occurred_at", "2024-11-20");
  await page.fill("#f-occurred_at-time", "09:30");
  await page.fill("#f-known_at", "2024-11-20");
  await page.selectOption("#f-election-kind", "pilkada_walikota");
  await page.check('input[name="violations"][value="medsos_foto"]');
  await page.fill("#f-description", "Berfoto bersama calon wali kota sambil mengacungkan dua jari.");
  await page.selectOption("#f-source-kind", "media_sosial");
  await page.fill("#f-reporter-name", "Siti Aminah");
  await page.fill("#f-reporter-address", "Jl. Darmo 1, Surabaya");
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// A real RGB PNG, larger than the 1600 px the app downscales to; `seed`
// makes each picture (and its SHA-256) different.
function png(width, height, seed) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x + seed * 40) & 0xff;
      raw[row + 2 + x * 3] = (y + seed * 90) & 0xff;
      raw[row + 3 + x * 3] = ((x ^ y) + seed) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function photoFile(name, seed, width = 2400, height = 1800) {
  return { name, mimeType: "image/png", buffer: png(width, height, seed) };
}

// A small WebM file as far as anyone sniffing it can tell: the EBML header
// Chromium's MediaRecorder writes (DocType "webm"), a Segment of unknown
// size, then `size` bytes in all; `seed` varies the content.
function webmFile(name, seed, size = 40_000) {
  const head = Buffer.from([
    0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42,
    0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff,
  ]);
  const body = Buffer.alloc(size - head.length);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + seed * 7) & 0xff;
  return { name, mimeType: "video/webm", buffer: Buffer.concat([head, body]) };
}

function sha256(buf) {
  return crypto.createHash("sha256").update(buf).digest("hex");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

// A Netral server owned by one test: its own port, data and copy of the
// app, so the test may SIGKILL it, restart it on the same origin, or deploy
// a new build into it.
class Server {
  // `args`: extra `netral serve` options, e.g. ["--public-statistics"].
  static async create(name, { args = [] } = {}) {
    const dir = path.join(TMP, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(DIST, path.join(dir, "dist"), { recursive: true });
    const s = new Server(dir, await freePort());
    s.args = args;
    s.inviteCode = setupAccounts(s.dataDir);
    await s.start();
    s.staff = await staffApi(s.url);
    return s;
  }

  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
    this.args = [];
    this.deviceToken = null;
  }

  get dataDir() {
    return path.join(this.dir, "data");
  }

  async start() {
    this.child = spawn(BINARY, ["serve", "--listen", `127.0.0.1:${this.port}`, "--data-dir", this.dataDir, "--dist-dir", path.join(this.dir, "dist"), ...this.args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, RUST_LOG: "warn" },
    });
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server on ${this.url} did not start`);
  }

  // SIGKILL: no graceful shutdown, as when the machine dies.
  async kill() {
    if (!this.child) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGKILL");
    await exited;
    this.child = null;
  }

  // As the signed-in admin.
  async api(pathname, init) {
    return this.staff(pathname, init);
  }

  // Sends `reports` as one volunteer's device would (joined once with the
  // invite code) and expects every one accepted.
  async sync(reports) {
    if (!this.deviceToken) {
      const res = await fetch(`${this.url}/api/v1/devices/join`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: this.inviteCode }),
      });
      this.deviceToken = (await res.json()).token;
    }
    const res = await fetch(`${this.url}/api/v1/sync`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.deviceToken}` },
      body: JSON.stringify({ reports }),
    });
    const outcomes = (await res.json()).results.map((r) => r.outcome);
    if (outcomes.some((o) => o !== "accepted")) throw new Error(`sync: ${outcomes.join(", ")}`);
  }

  // The case a synced report is in.
  async caseOf(report) {
    return (await (await this.api(`/api/v1/reports/${report.id}`)).json()).case_id;
  }

  evidenceFiles() {
    const root = path.join(this.dataDir, "evidence");
    if (!fs.existsSync(root)) return [];
    return fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
      .map((e) => e.name);
  }
}

// The browser settings of playwright.config.js, for contexts a test opens itself.
function launchOptions(testInfo) {
  return testInfo.project.use.launchOptions;
}

async function persistentContext(testInfo, profileDir, baseURL) {
  return chromium.launchPersistentContext(profileDir, {
    ...launchOptions(testInfo),
    baseURL,
    locale: "id-ID",
    viewport: { width: 360, height: 760 },
    acceptDownloads: true,
  });
}

// The report as the device keeps it in IndexedDB.
async function deviceReport(page, id) {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("netral");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("reports").objectStore("reports").get(id);
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result ? JSON.parse(req.result.json) : null);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    id,
  );
}

// A complete, valid report as the app's JSON, for building backup files.
function reportJson(id, i = 0) {
  return {
    id,
    revision: 1,
    terlapor: { name: `Drs. H. Ahmad Fauzi ${i}, M.Si.`, position: "Camat Tegalsari", agency: "", nip: "" },
    place: { province: "35", regency: "35.78", description: "", gps: null },
    occurred_at: "2024-11-20T09:30",
    known_at: "2024-11-20",
    election: { kind: "pilkada_walikota", stage: null },
    violations: ["medsos_foto"],
    violation_other: "",
    description: `Berfoto bersama calon wali kota sambil mengacungkan dua jari (${i}).`,
    beneficiary: "",
    witnesses: "",
    source: { kind: "media_sosial", platform: null, url: "", account: "", outlet: "" },
    evidence_links: [],
    photos: [],
    reporter: { name: "Siti Aminah", contact: "", address: "Jl. Darmo 1, Surabaya" },
  };
}

const NAMES = ["Bambang Wijaya", "Sri Rahayu", "Joko Susilo", "Dewi Lestari", "Agus Salim", "Rina Marlina", "Hendra Gunawan", "Yuliana Putri"];

// 23 findings, as East Java's network announced them (press and public
// statistics tests): 12 on social media,
// 9 in online news, 2 seen directly; each about another person or day.
function findings() {
  const kinds = [...Array(12).fill("media_sosial"), ...Array(9).fill("berita_online"), ...Array(2).fill("langsung")];
  return kinds.map((kind, i) => {
    const r = reportJson(uuidv7(), i);
    r.terlapor.name = `${NAMES[i % NAMES.length]} ${String.fromCharCode(65 + i)}`;
    r.terlapor.position = i % 3 === 0 ? "Kepala Sekolah SMPN 1" : "Camat Tegalsari";
    r.occurred_at = `2024-11-${String(1 + i).padStart(2, "0")}T09:30`;
    r.known_at = `2024-11-${String(1 + i).padStart(2, "0")}`;
    r.source.kind = kind;
    r.evidence_links = [`https://example.org/temuan/${i}`];
    return r;
  });
}

function uuidv7() {
  const bytes = crypto.randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function backupFile(reports) {
  const now = Date.now();
  return {
    format: "netral-backup",
    version: 1,
    exported_at: new Date(now).toISOString(),
    reports: reports.map((report) => ({ report, queued: true, attempted_revision: 0, created_at: now, updated_at: now })),
    photos: [],
  };
}

module.exports = { findings, FINDING_NAMES: NAMES, setupAccounts, ADMIN, joinDevice, sharedInvite, staffApi, newInvite, fillReady, openMore, photoFile, webmFile, sha256, Server, persistentContext, deviceReport, reportJson, uuidv7, backupFile, TMP };
