#!/usr/bin/env python3
"""Writes the project's catalog files (lib/catalogs/*.json) from the Annex A
facts in ../shared/data. Run by a developer when those facts change; the build
reads only lib/catalogs. Output is proto3 JSON of isms.v1.Catalog and
isms.v1.CatalogMapping (see proto/isms/v1/catalog.proto)."""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "lib", "catalogs")

THEMES_2022 = {
    "Organizational": "5",
    "People": "6",
    "Physical": "7",
    "Technological": "8",
}


def rows(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def split(value):
    return [v for v in value.split(";") if v]


def write(name, message):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(message, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def catalog_2022():
    controls = []
    for r in rows("iso27001_2022_annex_a.csv"):
        attributes = {
            "controlTypes": split(r["control_type"]),
            "securityProperties": split(r["properties"]),
            "cybersecurityConcepts": split(r["concepts"]),
            "operationalCapabilities": split(r["capabilities"]),
            "securityDomains": split(r["domains"]),
        }
        controls.append({
            "id": r["id"],
            "title": r["title"],
            "groupId": THEMES_2022[r["theme"]],
            "attributes": attributes,
        })
    groups = [{"id": gid, "title": f"{theme} controls"}
              for theme, gid in THEMES_2022.items()]
    return {
        "id": "iso27001:2022",
        "name": "ISO/IEC 27001:2022 Annex A",
        "publisher": "ISO/IEC",
        "version": "2022",
        "groups": groups,
        "controls": controls,
    }


def catalog_2013():
    groups, seen, controls = [], set(), []
    for r in rows("iso27001_2013_annex_a.csv"):
        if r["domain_id"] not in seen:
            seen.add(r["domain_id"])
            groups.append({"id": r["domain_id"], "title": r["domain_title"]})
        if r["objective_id"] not in seen:
            seen.add(r["objective_id"])
            groups.append({"id": r["objective_id"], "title": r["objective_title"],
                           "parentId": r["domain_id"]})
        controls.append({
            "id": r["id"],
            "title": r["title"],
            "groupId": r["domain_id"],
            "objectiveId": r["objective_id"],
        })
    return {
        "id": "iso27001:2013",
        "name": "ISO/IEC 27001:2013 Annex A",
        "publisher": "ISO/IEC",
        "version": "2013",
        "groups": groups,
        "controls": controls,
    }


def mapping_2013_2022():
    pairs = [{"source": r["id_2013"], "target": r["id_2022"]}
             for r in rows("iso27001_2013_to_2022.csv")]
    return {
        "sourceCatalog": "iso27001:2013",
        "targetCatalog": "iso27001:2022",
        "pairs": pairs,
    }


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("iso27001_2022.json", catalog_2022())
    write("iso27001_2013.json", catalog_2013())
    write("iso27001_2013_to_2022.json", mapping_2013_2022())
