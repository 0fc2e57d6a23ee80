#!/usr/bin/env python3
"""Check a regions.toml written by make_regions.py (standard library only, Python 3.11+).

Usage: python3 check_regions.py regions.toml [SOURCE_TXT]
Parses the file with tomllib, checks fields, code prefixes, code order and counts, and, given
the yescallop/areacodes data/<YEAR>.txt it was made from, that every source row is in it once
with the same name and nothing else is."""
import re
import sys
import tomllib

path = sys.argv[1]
with open(path, "rb") as f:
    d = tomllib.load(f)
errors, units = [], {}
cities = 0
for p in d["province"]:
    if set(p) - {"name", "short", "code", "city"} or not re.fullmatch(r"\d\d", p["code"]):
        errors.append(f"province {p}")
    units[p["code"] + "0000"] = p["name"]
    for c in p.get("city", []):
        if set(c) != {"name", "short", "code", "counties", "county_codes"}:
            errors.append(f"city fields {c['name']}: {sorted(c)}")
        if not c["code"].startswith(p["code"]):
            errors.append(f"city {c['code']} {c['name']} not under province {p['code']}")
        standin = c["code"] == p["code"]
        if standin and c["name"] != p["name"]:
            errors.append(f"stand-in {c['code']} named {c['name']}")
        if not standin:
            cities += 1
            if len(c["code"]) != 4:
                errors.append(f"city code {c['code']}")
            units[c["code"] + "00"] = c["name"]
        if len(c["counties"]) != len(c["county_codes"]):
            errors.append(f"{c['name']}: counties and county_codes differ in length")
        if c["county_codes"] != sorted(c["county_codes"]):
            errors.append(f"{c['name']}: county_codes not in code order")
        for n, k in zip(c["counties"], c["county_codes"]):
            if not (len(k) == 6 and k.startswith(c["code"])):
                errors.append(f"county {k} {n} not under {c['code']}")
            if k in units:
                errors.append(f"duplicate code {k}")
            units[k] = n
counties = len(units) - cities - len(d["province"])
print(f"{path}: {len(d['province'])} provinces, {cities} prefecture-level cities, {counties} county-level units")
if len(sys.argv) > 2:
    src = {}
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                k, n = line.split()
                src[k] = n
    for k, n in src.items():
        if units.get(k) != n:
            errors.append(f"source row {k} {n}: output has {units.get(k)!r}")
    for k in units.keys() - src.keys():
        errors.append(f"output row {k} {units[k]} not in source")
    print(f"compared with {len(src)} source rows")
for e in errors:
    print("error:", e)
sys.exit(1 if errors else 0)
