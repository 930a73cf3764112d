#!/usr/bin/env bash
# Builds the release preset, generates the synthetic inventories and runs
# engine_benchmark on each, then prints one table and the targets.
#
#   benchmarks/run.sh [SIZES...]     (default: S M L)
#
# SIZES: S = 10,000 assets, M = 100,000, L = 1,000,000 (seed 1), or a number
# of assets. Inventories are cached in benchmarks/.data/ (git-ignored) and
# reused; the raw Google Benchmark results go to benchmarks/.data/*.json.
#
# Environment: ISMS_BENCH_MIN_TIME (seconds per benchmark, default 1; an
# operation slower than that runs once; BM_Evaluate always runs >= 3 s),
# ISMS_BENCH_THREADS (engine threads, default 0 = every core),
# ISMS_BENCH_SKIP_BUILD=1 to use the existing build/release.
#
# Needs about 10 GB of memory for L (generating a million assets takes ~6 GB;
# the benchmark holds the register, an engine and a serialized copy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/.." && pwd)"
data="${here}/.data"
build="${root}/build/release"
python=/usr/bin/python3
min_time="${ISMS_BENCH_MIN_TIME:-1}"

sizes=("$@")
if [[ ${#sizes[@]} -eq 0 ]]; then sizes=(S M L); fi

assets_of() {
  case "$1" in
    S) echo 10000 ;;
    M) echo 100000 ;;
    L) echo 1000000 ;;
    *[!0-9]* | '') echo "run.sh: unknown size '$1' (S, M, L or a number)" >&2
                   return 1 ;;
    *) echo "$1" ;;
  esac
}
for size in "${sizes[@]}"; do assets_of "${size}" >/dev/null; done

if [[ "${ISMS_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== Building the release preset" >&2
  (cd "${root}" && cmake --preset release >/dev/null &&
     cmake --build --preset release -j 2)
fi

mkdir -p "${data}"
for size in "${sizes[@]}"; do
  assets="$(assets_of "${size}")"
  file="${data}/${size}.binpb"
  if [[ ! -s "${file}" ]]; then
    echo "== Generating ${size}: ${assets} assets -> ${file}" >&2
    "${build}/tools/isms" generate --assets "${assets}" --seed 1 -o "${file}"
  fi
  echo "== Benchmarking ${size} (${file})" >&2
  # stdout to the terminal, stderr to the terminal and a file.
  { ISMS_BENCH_REGISTER="${file}" "${build}/benchmarks/engine_benchmark" \
      --benchmark_min_time="${min_time}" \
      --benchmark_out="${data}/${size}.json" --benchmark_out_format=json \
      2>&1 1>&3 | tee "${data}/${size}.stderr" >&2; } 3>&1
  echo "== Memory of load + compile + evaluate, ${size}" >&2
  { ISMS_BENCH_REGISTER="${file}" "${build}/benchmarks/engine_benchmark" \
      --memory 2>&1 1>&3 | tee "${data}/${size}.memory" >&2; } 3>&1
  echo "== Memory of CreateFromFile + evaluate, ${size}" >&2
  { ISMS_BENCH_REGISTER="${file}" "${build}/benchmarks/engine_benchmark" \
      --memory_from_file 2>&1 1>&3 |
      tee "${data}/${size}.memory_from_file" >&2; } 3>&1
done

"${python}" - "${data}" "${sizes[@]}" <<'EOF'
import json
import os
import sys

data, sizes = sys.argv[1], sys.argv[2:]


def unit_seconds(unit):
    return {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds >= 1:
        return "%.2f s" % seconds
    if seconds >= 1e-3:
        return "%.1f ms" % (seconds * 1e3)
    return "%.0f us" % (seconds * 1e6)


def read_kv(path):
    values = {}
    if os.path.exists(path):
        for line in open(path):
            parts = line.split()
            if len(parts) == 2 and parts[0].endswith("_mib"):
                values[parts[0]] = float(parts[1])
    return values


rows = {}
for size in sizes:
    with open(os.path.join(data, size + ".json")) as f:
        result = json.load(f)
    bench = {}
    for b in result["benchmarks"]:
        name = b["name"].split("/")[0]
        bench[name] = b
    row = {"bench": bench}

    def t(name):
        b = bench.get(name)
        if b is None or b.get("error_occurred"):
            return None
        return b["real_time"] * unit_seconds(b["time_unit"])

    any_b = next(iter(bench.values()))
    for key in ("assets", "risks", "mitigations", "edges"):
        row[key] = int(any_b.get(key, 0))
    for key in ("BM_Load", "BM_Compile", "BM_CreateFromFile", "BM_Evaluate", "BM_Propagate",
                "BM_ControlChange", "BM_ControlChangeCold",
                "BM_ControlChangeFewest",
                "BM_ControlChangeLargest",
                "BM_ToProtoSummary", "BM_Soa", "BM_Coverage", "BM_Save"):
        row[key] = t(key)
    cc = bench.get("BM_ControlChange", {})
    row["touched"] = int(cc.get("risks_touched", -1))
    row["synthetic"] = int(cc.get("synthetic_control", 0)) == 1
    ccf = bench.get("BM_ControlChangeFewest", {})
    row["touched_fewest"] = int(ccf.get("risks_touched", -1))
    ccl = bench.get("BM_ControlChangeLargest", {})
    row["touched_largest"] = int(ccl.get("risks_touched", -1))
    row["bench_peak"] = read_kv(os.path.join(data, size + ".stderr")).get(
        "peak_rss_mib")
    memory = read_kv(os.path.join(data, size + ".memory"))
    row["peak"] = memory.get("peak_rss_mib")
    row["register_mib"] = memory.get("register_rss_mib")
    row["engine_mib"] = memory.get("engine_rss_mib")
    row["peak_from_file"] = read_kv(
        os.path.join(data, size + ".memory_from_file")).get("peak_rss_mib")
    row["context"] = result.get("context", {})
    rows[size] = row

header = ["size", "assets", "risks", "mitigations", "edges", "load",
          "compile", "load + compile from file", "full evaluation",
          "propagation", "control change + recalc (risks touched)", "save",
          "peak RSS MiB", "peak RSS MiB from file", "engine MiB"]
table = []
for size in sizes:
    r = rows[size]
    mib = lambda v: "-" if v is None else "%.0f" % v
    table.append([
        size, "{:,}".format(r["assets"]), "{:,}".format(r["risks"]),
        "{:,}".format(r["mitigations"]), "{:,}".format(r["edges"]),
        fmt_time(r["BM_Load"]), fmt_time(r["BM_Compile"]),
        fmt_time(r["BM_CreateFromFile"]),
        fmt_time(r["BM_Evaluate"]), fmt_time(r["BM_Propagate"]),
        "%s (%d%s)" % (fmt_time(r["BM_ControlChange"]), r["touched"],
                       "*" if r["synthetic"] else ""),
        fmt_time(r["BM_Save"]), mib(r["peak"]), mib(r["peak_from_file"]),
        mib(r["engine_mib"]),
    ])


def print_table(header, table):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table)]
    line = lambda cells: "| " + " | ".join(
        str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for cells in table:
        print(line(cells))


ctx = rows[sizes[0]]["context"]
print()
print("isms engine benchmarks: %s CPUs at %s MHz, load average %s (%s)" % (
    ctx.get("num_cpus"), ctx.get("mhz_per_cpu"),
    ", ".join("%.2f" % x for x in ctx.get("load_avg", [])),
    ctx.get("date")))
print()
print_table(header, table)
print()
print("Times are wall-clock means per operation (Google Benchmark real_time).")
if any(rows[size]["synthetic"] for size in sizes):
    print("*: no control of the register mitigates <= 1000 risks; measured "
          "with C-BENCH-1000, a control added by engine_benchmark on 1000 "
          "risks spread evenly over the register.")
print("peak RSS: one process loading the register, compiling and evaluating "
      "once (engine_benchmark --memory); from file: the same through "
      "RiskEngine::CreateFromFile (--memory_from_file); engine MiB: the "
      "resident growth for Create() + Evaluate().")
extra = []
for size in sizes:
    r = rows[size]
    extra.append([
        size, fmt_time(r["BM_ControlChangeCold"]),
        "%s (%d)" % (fmt_time(r["BM_ControlChangeFewest"]),
                           r["touched_fewest"]),
        "%s (%d)" % (fmt_time(r["BM_ControlChangeLargest"]),
                     r["touched_largest"]),
        fmt_time(r["BM_ToProtoSummary"]), fmt_time(r["BM_Soa"]),
        fmt_time(r["BM_Coverage"]),
        "-" if r["register_mib"] is None else "%.0f" % r["register_mib"],
        "-" if r["bench_peak"] is None else "%.0f" % r["bench_peak"]])
print()
print_table(["size", "control change, cold caches",
             "least-used control change (risks touched)",
             "most-used control change (risks touched)",
             "ToProto summary", "SoA", "coverage", "register MiB",
             "benchmark process peak MiB"],
            extra)

print()
print("Targets:")


def verdict(ok):
    return "PASS" if ok else "MISS"


def target(label, size, value, limit, shown):
    if size not in rows or value is None:
        print("  %-52s %s" % (label, "not measured"))
        return
    print("  %-52s %-14s %s" % (label, shown, verdict(value < limit)))


L = rows.get("L", {})
M = rows.get("M", {})
target("L full evaluation < 0.5 s", "L", L.get("BM_Evaluate"), 0.5,
       fmt_time(L.get("BM_Evaluate")))
target("M full evaluation < 50 ms", "M", M.get("BM_Evaluate"), 0.05,
       fmt_time(M.get("BM_Evaluate")))
for size in sizes:
    r = rows[size]
    label = "%s control change touching <= 1000 risks < 100 us" % size
    if 0 <= r["touched"] <= 1000:
        target(label, size, r["BM_ControlChange"], 100e-6,
               "%s (%d%s)" % (fmt_time(r["BM_ControlChange"]), r["touched"],
                              "*" if r["synthetic"] else ""))
    else:
        print("  %-52s not measured (no control with <= 1000 risks)" % label)
target("L compile < 5 s", "L", L.get("BM_Compile"), 5.0,
       fmt_time(L.get("BM_Compile")))
target("L peak memory < 4 GiB, register loaded whole", "L", L.get("peak"),
       4096, "-" if L.get("peak") is None else "%.0f MiB" % L["peak"])
target("L peak memory < 4 GiB, compiled from the file", "L",
       L.get("peak_from_file"), 4096,
       "-" if L.get("peak_from_file") is None
       else "%.0f MiB" % L["peak_from_file"])
EOF
