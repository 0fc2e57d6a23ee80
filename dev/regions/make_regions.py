#!/usr/bin/env python3
"""Build crosscheck's rules/regions.toml (provinces, prefecture-level cities, county-level units,
with their official codes) from a public list of China's administrative division codes.

Standard library only.  Two input formats:

  mca  A text file of "CODE NAME" lines, one division per line, 6-digit codes, as in
       yescallop/areacodes data/<YEAR>.txt (Ministry of Civil Affairs, 县级以上行政区划代码,
       GB/T 2260 codes).  The default, and the source of the committed regions.toml.
  nbs  A directory holding provinces.json, cities.json and areas.json as published by
       modood/Administrative-divisions-of-China dist/ (National Bureau of Statistics,
       统计用区划代码).  Used to cross-check the mca output; see README.md.

Usage:
  python3 make_regions.py source/areacodes-data-2024.txt --commit <sha> \
      -o regions.toml --ambiguous ambiguous.txt

What it does with the rows that are not prefecture-level cities:
  * 直辖市 (北京, 天津, 上海, 重庆): the province gets one city entry with the province's own
    name; all its districts and counties are that entry's counties.
  * County-level units administered directly by a province (湖北 仙桃/潜江/天门/神农架林区,
    河南 济源, 海南 五指山… , 新疆 石河子… ): they go into a city entry with the province's own
    name, placed after the real cities, preceded by a comment.
  * Such a stand-in city entry has the province's 2-digit code as its code, so that every
    county code still starts with its city's code.  A real prefecture always has 4 digits.
  * NBS placeholder cities (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are never
    emitted as cities; their units go to the stand-in entry as above.
  * NBS statistical-only units (codes whose 5th digit is 7: development zones, 管委会 …)
    are not administrative divisions and are dropped, as are NBS rows that repeat a city
    without counties as its own county (441900 东莞市); both are listed on stderr.
"""

import argparse
import json
import os
import re
import sys
from collections import OrderedDict, defaultdict

# ---------------------------------------------------------------------------------------------
# Short names

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# Ethnic-group words that end the name of an autonomous prefecture before 自治州, longest first.
# 蒙古 / 柯尔克孜 / 哈萨克 occur without 族 (博尔塔拉蒙古自治州, 克孜勒苏柯尔克孜自治州, 伊犁哈萨克自治州).
ETHNIC = sorted(
    [
        "藏族", "羌族", "彝族", "苗族", "侗族", "布依族", "土家族", "朝鲜族", "哈尼族", "壮族",
        "傣族", "景颇族", "白族", "傈僳族", "回族", "蒙古族", "蒙古", "柯尔克孜", "哈萨克",
        "维吾尔", "黎族", "瑶族", "畲族", "满族", "纳西族", "拉祜族", "佤族", "土族", "撒拉族",
        "哈萨克族", "锡伯族", "达斡尔族", "鄂温克族", "鄂伦春族", "仫佬族", "毛南族", "仡佬族",
        "水族", "怒族", "独龙族", "普米族", "傈僳", "东乡族", "保安族", "裕固族",
    ],
    key=len,
    reverse=True,
)


def province_short(name):
    if name in PROVINCE_SHORT:
        return PROVINCE_SHORT[name]
    for suffix in ("特别行政区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def strip_ethnic(stem):
    """Remove trailing ethnic-group words: 阿坝藏族羌族 → 阿坝."""
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            if stem.endswith(e) and len(stem) - len(e) >= 2:
                stem = stem[: -len(e)]
                changed = True
                break
    return stem


def city_short(name):
    if name.endswith("自治州"):
        return strip_ethnic(name[: -len("自治州")])
    for suffix in ("地区", "盟", "市"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def loader_county_short(name):
    """The short name crosscheck's loader (src/rules.rs, Regions::parse) derives for a county:
    trailing 县/区/市 characters trimmed (repeatedly), kept only if 2+ characters remain."""
    s = name.rstrip("县区市")
    return s if len(s) >= 2 else name


# ---------------------------------------------------------------------------------------------
# Readers.  Both return (provinces, dropped) where provinces is a list of
# {"name", "code", "cities": [{"name", "code", "standin", "counties": [(code, name)]}]}.

NBS_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _assemble(prov_rows, city_rows, county_rows):
    """prov_rows: {pcode2: name}; city_rows: {ccode4: name}; county_rows: [(code6, name)].
    Counties whose 4-digit prefix has no city row go to a stand-in city named after the
    province."""
    provinces = OrderedDict()
    for pc in sorted(prov_rows):
        provinces[pc] = {"name": prov_rows[pc], "code": pc, "cities": OrderedDict(), "standin": None}
    for cc in sorted(city_rows):
        pc = cc[:2]
        if pc not in provinces:
            raise SystemExit(f"city {cc} {city_rows[cc]} has no province row")
        provinces[pc]["cities"][cc] = {
            "name": city_rows[cc], "code": cc, "standin": False, "counties": []}
    for code, name in sorted(county_rows):
        pc, cc = code[:2], code[:4]
        if pc not in provinces:
            raise SystemExit(f"county {code} {name} has no province row")
        p = provinces[pc]
        if cc in p["cities"]:
            p["cities"][cc]["counties"].append((code, name))
        else:
            if p["standin"] is None:
                p["standin"] = {"name": p["name"], "code": pc, "standin": True, "counties": [],
                                "prefixes": []}
            p["standin"]["counties"].append((code, name))
            if cc not in p["standin"]["prefixes"]:
                p["standin"]["prefixes"].append(cc)
    out = []
    for p in provinces.values():
        cities = list(p["cities"].values())
        if p["standin"] is not None:
            cities.append(p["standin"])
        out.append({"name": p["name"], "code": p["code"], "cities": cities})
    return out


def read_mca(path):
    prov_rows, city_rows, county_rows = {}, {}, []
    line_re = re.compile(r"^(\d{6})\s+(\S+)$")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = line_re.match(line)
            if not m:
                raise SystemExit(f"{path}:{n}: not a 'CODE NAME' line: {line!r}")
            code, name = m.groups()
            if code.endswith("0000"):
                prov_rows[code[:2]] = name
            elif code.endswith("00"):
                city_rows[code[:4]] = name
            else:
                county_rows.append((code, name))
    return _assemble(prov_rows, city_rows, county_rows), []


def read_nbs(dirpath):
    def load(name):
        with open(os.path.join(dirpath, name), encoding="utf-8") as f:
            return json.load(f)

    prov_rows = {r["code"]: r["name"] for r in load("provinces.json")}
    city_rows, placeholders = {}, {}
    for r in load("cities.json"):
        if r["name"] in NBS_PLACEHOLDERS:
            placeholders[r["code"]] = r["name"]
        else:
            city_rows[r["code"]] = r["name"]
    county_rows, dropped = [], []
    for r in load("areas.json"):
        code, name = r["code"], r["name"]
        if r["cityCode"] != code[:4] or r["provinceCode"] != code[:2]:
            raise SystemExit(f"areas.json: {code} {name}: parent codes disagree with the code")
        if code[4] == "7":  # NBS statistical-only units (开发区, 管委会, …), not divisions
            dropped.append((code, name))
            continue
        if code.endswith("00"):  # NBS repeats a city without counties (东莞市 441900) as its own unit
            dropped.append((code, name))
            continue
        county_rows.append((code, name))
    return _assemble(prov_rows, city_rows, county_rows), dropped


# ---------------------------------------------------------------------------------------------
# Output


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_str(x) for x in items) + "]"


def write_toml(provinces, header, out):
    lines = [header, "#",
             "# Provinces (incl. 直辖市, 自治区, 特别行政区), prefecture-level cities (市, 地区, 盟, 自治州)",
             "# and county-level units (区, 县, 市, 旗, 自治县, 自治旗, 特区, 林区) with their codes.",
             "# A city entry with the province's own name and the province's 2-digit code is a stand-in,",
             "# not a prefecture: for a 直辖市 it holds all districts and counties; elsewhere it holds",
             "# the county-level units administered directly by the province (省直辖县级行政区划).",
             "# Every county code starts with its city's code; county_codes lists the codes of",
             "# counties in the same order.", ""]
    for p in provinces:
        lines += ["[[province]]", f"name = {toml_str(p['name'])}",
                  f"short = {toml_str(province_short(p['name']))}", f"code = {toml_str(p['code'])}", ""]
        municipality = bool(p["cities"]) and all(c["standin"] for c in p["cities"])
        for c in p["cities"]:
            if c["standin"]:
                if municipality:
                    lines.append(f"# 直辖市: every district and county of {p['name']} "
                                 f"(source code prefixes {', '.join(c['prefixes'])}).")
                else:
                    kind = "自治区直辖县级行政区划" if p["name"].endswith("自治区") else "省直辖县级行政区划"
                    lines.append(f"# Not a prefecture: county-level units administered directly by "
                                 f"{p['name']} ({kind}, code prefix {', '.join(c['prefixes'])}).")
            short = province_short(c["name"]) if c["standin"] else city_short(c["name"])
            lines += ["[[province.city]]", f"name = {toml_str(c['name'])}",
                      f"short = {toml_str(short)}", f"code = {toml_str(c['code'])}"]
            lines.append(f"counties = {toml_list(n for _, n in c['counties'])}")
            lines.append(f"county_codes = {toml_list(k for k, _ in c['counties'])}")
            lines.append("")
    out.write("\n".join(lines).rstrip("\n") + "\n")


def write_ambiguous(provinces, header, out):
    def where(p, c):
        return p["name"] if c["standin"] else p["name"] + c["name"]

    counties_by_name = defaultdict(list)
    counties_by_loader_short = defaultdict(list)
    for p in provinces:
        for c in p["cities"]:
            for code, name in c["counties"]:
                counties_by_name[name].append((code, where(p, c)))
                counties_by_loader_short[loader_county_short(name)].append((code, name, where(p, c)))

    lines = [header, ""]
    dup = sorted((n, occ) for n, occ in counties_by_name.items() if len(occ) > 1)
    lines += [f"# 1. County-level names under more than one parent ({len(dup)} names,"
              f" {sum(len(o) for _, o in dup)} units).",
              "#    name<TAB>count<TAB>parent (code); parent (code); …   — a stand-in parent is shown as the province", ""]
    for name, occ in sorted(dup, key=lambda x: (-len(x[1]), x[0])):
        lines.append(f"{name}\t{len(occ)}\t" + "; ".join(f"{w} ({k})" for k, w in occ))

    # 2. City short names equal to a county name, or to the short name crosscheck's loader
    #    derives for a county (trailing 县/区/市 trimmed).
    rows = []
    for p in provinces:
        for c in p["cities"]:
            if c["standin"]:
                continue
            s = city_short(c["name"])
            exact = counties_by_name.get(s, [])
            hits = [(k, n, w) for k, n, w in counties_by_loader_short.get(s, [])]
            if exact or hits:
                rows.append((c["code"], c["name"], s, p["name"], exact, hits))
    lines += ["", f"# 2. City short names equal to a county name, or to a county's loader short name"
              f" ({len(rows)} cities).",
              "#    The loader (src/rules.rs) gives each county the short name of its name with trailing"
              " 县/区/市 trimmed,",
              "#    e.g. 朝阳区 → 朝阳, so a city short 朝阳 (朝阳市) meets counties 朝阳区/朝阳县 everywhere.",
              "#    city short<TAB>city (code, province)<TAB>counties: name parent (code); …"
              "   [own] = inside that very city", ""]
    for code, name, s, pname, exact, hits in rows:
        cells = []
        for k, n, w in hits:
            own = " [own]" if k.startswith(code) else ""
            cells.append(f"{n} {w} ({k}){own}")
        tag = " [exact county name]" if exact else ""
        lines.append(f"{s}\t{name} ({code}, {pname}){tag}\t" + "; ".join(cells))

    # 3. Other collisions worth knowing.
    lines += ["", "# 3. Other collisions (short or full names shared across levels).", ""]
    prov_short = {province_short(p["name"]): p["name"] for p in provinces}
    for p in provinces:
        for c in p["cities"]:
            if c["standin"]:
                continue
            s = city_short(c["name"])
            if s in prov_short:
                lines.append(f"{s}\tcity short of {c['name']} ({c['code']}) = province short of {prov_short[s]}")
    city_names = {}
    for p in provinces:
        for c in p["cities"]:
            if not c["standin"]:
                city_names[c["name"]] = (p["name"], c["code"])
    for name, occ in sorted(counties_by_name.items()):
        if name in city_names:
            pn, cc = city_names[name]
            lines.append(f"{name}\tcounty full name (" + "; ".join(f"{w} {k}" for k, w in occ)
                         + f") = city full name ({pn}, {cc})")
    for name, occ in sorted(counties_by_loader_short.items()):
        if name in prov_short and name not in counties_by_name:
            lines.append(f"{name}\tcounty loader short of " + "; ".join(f"{n} {w} ({k})" for k, n, w in occ)
                         + f" = province short of {prov_short[name]}")
    for p in provinces:
        for c in p["cities"]:
            if not c["standin"]:
                continue
            if any(not x["standin"] for x in p["cities"]):
                what = "stand-in for 省直辖县级 units"
            else:
                what = "直辖市 city entry"
            lines.append(f"{c['name']}\t{what} (code {c['code']}) has the same name as its province;"
                         " Regions::by_name and infer_meta meet the city entry first")

    # 4. Different county names with the same loader short name.
    multi = []
    for s, occ in sorted(counties_by_loader_short.items()):
        names = sorted({n for _, n, _ in occ})
        if len(names) > 1:
            multi.append((s, occ))
    lines += ["", f"# 4. Different county names that get the same loader short name ({len(multi)} shorts).",
              "#    short<TAB>county parent (code); …", ""]
    for s, occ in multi:
        lines.append(f"{s}\t" + "; ".join(f"{n} {w} ({k})" for k, n, w in occ))

    # 5. Two-character county names: a plain substring search for the full name hits ordinary
    #    text (中心城区 → 城区, 城郊区 → 郊区, 新县城 → 新县, 东区/西区 …).
    short_names = sorted((k, n, w) for n, occ in counties_by_name.items() if len(n) == 2
                         for k, w in occ)
    lines += ["", f"# 5. Two-character county names ({len(short_names)} units): a substring search for them hits"
              " ordinary text (中心城区, 城郊区, 新县城, 东区 …).",
              "#    name<TAB>parent (code)", ""]
    for k, n, w in short_names:
        lines.append(f"{n}\t{w} ({k})")
    out.write("\n".join(lines) + "\n")
    return len(dup), len(rows)


# ---------------------------------------------------------------------------------------------
# Checks


def check(provinces):
    problems = []
    seen = set()
    for p in provinces:
        if not re.fullmatch(r"\d{2}", p["code"]):
            problems.append(f"province code {p['code']}")
        for c in p["cities"]:
            if not c["code"].startswith(p["code"]):
                problems.append(f"city {c['code']} {c['name']} not under {p['code']}")
            if not c["standin"] and len(c["code"]) != 4:
                problems.append(f"city code {c['code']} {c['name']} not 4 digits")
            s = province_short(c["name"]) if c["standin"] else city_short(c["name"])
            if len(s) < 2 or "族" in s or s.endswith(("市", "自治州", "盟", "地区")):
                problems.append(f"odd city short {s!r} for {c['name']}")
            for code, name in c["counties"]:
                if not code.startswith(c["code"]) or len(code) != 6:
                    problems.append(f"county {code} {name} not under {c['code']}")
                if code in seen:
                    problems.append(f"duplicate code {code}")
                seen.add(code)
            codes = [k for k, _ in c["counties"]]
            if codes != sorted(codes):
                problems.append(f"counties of {c['name']} not in code order")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", help="mca: data/<YEAR>.txt file; nbs: directory with provinces/cities/areas.json")
    ap.add_argument("--format", choices=["auto", "mca", "nbs"], default="auto",
                    help="auto: a directory is nbs, a file is mca")
    ap.add_argument("-o", "--output", default="regions.toml")
    ap.add_argument("--ambiguous", default=None, help="also write the ambiguity report here")
    ap.add_argument("--repo", default="yescallop/areacodes")
    ap.add_argument("--commit", required=True, help="source repository commit (40 hex digits)")
    ap.add_argument("--file", default="data/2024.txt", help="source file path inside the repository")
    ap.add_argument("--year", default="2024, MCA codes as of 2024-12-31")
    ap.add_argument("--license", default="CC0-1.0")
    a = ap.parse_args()

    fmt = a.format
    if fmt == "auto":
        fmt = "nbs" if os.path.isdir(a.source) else "mca"
    provinces, dropped = (read_nbs if fmt == "nbs" else read_mca)(a.source)

    problems = check(provinces)
    if problems:
        for p in problems:
            print("error:", p, file=sys.stderr)
        raise SystemExit(1)

    header = (f"# Generated by make_regions.py from {a.repo}@{a.commit} {a.file} "
              f"({a.year}, {a.license}). Do not edit by hand.")
    with open(a.output, "w", encoding="utf-8", newline="\n") as f:
        write_toml(provinces, header, f)

    n_prov = len(provinces)
    n_city = sum(1 for p in provinces for c in p["cities"] if not c["standin"])
    n_standin = sum(1 for p in provinces for c in p["cities"] if c["standin"])
    n_county = sum(len(c["counties"]) for p in provinces for c in p["cities"])
    n_direct = sum(len(c["counties"]) for p in provinces for c in p["cities"]
                   if c["standin"] and len(p["cities"]) > 1)
    print(f"{a.output}: {n_prov} provinces, {n_city} prefecture-level cities "
          f"(+{n_standin} stand-in entries), {n_county} county-level units "
          f"({n_direct} of them directly under a province)", file=sys.stderr)
    if dropped:
        print(f"dropped {len(dropped)} NBS rows that are no county-level division: "
              + ", ".join(f"{k} {n}" for k, n in dropped), file=sys.stderr)
    if a.ambiguous:
        with open(a.ambiguous, "w", encoding="utf-8", newline="\n") as f:
            nd, nc = write_ambiguous(provinces, header, f)
        print(f"{a.ambiguous}: {nd} county names under several parents, "
              f"{nc} city short names meeting county names", file=sys.stderr)


if __name__ == "__main__":
    main()
