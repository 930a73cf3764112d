#!/usr/bin/python3
"""The engine's full evaluation written the way a data team would, in numpy.

    /usr/bin/python3 benchmarks/compare_numpy.py [--size S|M|L | --register FILE]
                                                 [--repeat N]

Default size: M (100,000 assets, seed 1: about 450k risks, 1.6M mitigations),
read from benchmarks/.data/M.binpb (made by benchmarks/run.sh; generated with
build/release/tools/isms when missing). Needs the release build
(benchmarks/run.sh or `cmake --preset release && cmake --build --preset
release`), Debian's python3-numpy and python3-protobuf, and protoc: the
isms.v1 _pb2 module is generated into a temporary folder at start.

What it does:
1. Parses the register with python3-protobuf and builds flat numpy arrays
   (not timed: this is loading).
2. Prepares the structure (not timed as evaluation, reported apart, like the
   engine's Create()): each dependency edge's topological rank, edges grouped
   by rank and sorted by target, segment starts.
3. Evaluates, vectorised (timed: best and median of --repeat runs):
   accumulated asset values rank by rank (np.maximum.reduceat per group),
   inherent impact (max over the risk's assets and dimensions, or the
   override) and likelihood (the risk's or the threat's), the control factors,
   R = 1 - prod(1 - s) per risk and axis (np.multiply.reduceat, in the
   mitigations' order, so the floating-point products are the engine's bit for
   bit), the reduced levels ceil(L0 * (1 - R) - 1e-9), the residual override,
   the grid lookup, and the three heatmaps and level counts.
4. Runs build/release/benchmarks/dump_levels on the same file, which times the
   C++ RiskEngine::Evaluate() (all cores, then one thread) and writes the
   engine's per-risk levels; checks that the 9 arrays (inherent / current /
   target x likelihood / impact / level) are equal, and prints both times and
   the ratios. Exit status 1 if any level differs.

The engine's Evaluate() does more than this script: risk statuses and
exposure per asset, owner and business unit. The numpy side skips those.

OPENBLAS_CORETYPE: numpy's OpenBLAS reads it at import; none of the operations
here calls BLAS, but the script reports whether it was set, since a forced
core type can slow numpy down elsewhere. Leave it as it is in tests.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROTO_DIR = os.path.join(ROOT, "proto")
BUILD = os.path.join(ROOT, "build", "release")
SIZES = {"S": 10000, "M": 100000, "L": 1000000}

# isms.v1 enum values (register.proto).
DIM_C, DIM_I, DIM_A = 1, 2, 3
ALL_DIMS = 7
STATUS_IN_PROGRESS, STATUS_IMPLEMENTED, STATUS_RETIRED = 2, 3, 4
REDUCES_LIKELIHOOD, REDUCES_IMPACT = 1, 2
AXIS_L, AXIS_I = 1, 2
EPS = 1e-9


def load_register_module(tmp):
    """Generates register_pb2 with protoc into tmp and imports it."""
    subprocess.run(["protoc", "-I" + PROTO_DIR, "--python_out=" + tmp,
                    os.path.join(PROTO_DIR, "isms", "v1", "register.proto")],
                   check=True)
    # Regular packages, so that no other `isms` on sys.path shadows them.
    for pkg in ("isms", os.path.join("isms", "v1")):
        open(os.path.join(tmp, pkg, "__init__.py"), "a").close()
    sys.path.insert(0, tmp)
    from isms.v1 import register_pb2  # pylint: disable=import-outside-toplevel
    return register_pb2


def dims_mask(dims):
    mask = 0
    for d in dims:
        if DIM_C <= d <= DIM_A:
            mask |= 1 << (d - 1)
    return mask or ALL_DIMS


def flatten(reg):
    """The register as flat numpy arrays (the loading step, not timed)."""
    m = reg.risk_method
    like = {lv.id: i for i, lv in enumerate(m.likelihood.levels)}
    imp = {lv.id: i for i, lv in enumerate(m.impact.levels)}
    levels = {lv.id: k for k, lv in enumerate(m.risk_levels)}
    a = {
        "L": len(m.likelihood.levels),
        "I": len(m.impact.levels),
        "K": len(m.risk_levels),
        "grid": np.array([levels[g] for g in m.grid], dtype=np.uint8),
    }

    def level(index, level_id):
        return index[level_id] if level_id else -1

    asset_index = {asset.id: i for i, asset in enumerate(reg.assets)}
    n = len(reg.assets)
    own = np.zeros((3, n), dtype=np.float64)
    src, dst, deg, edims = [], [], [], []
    for i, asset in enumerate(reg.assets):
        v = asset.value
        own[0, i] = max(0, level(imp, v.confidentiality))
        own[1, i] = max(0, level(imp, v.integrity))
        own[2, i] = max(0, level(imp, v.availability))
        for dep in asset.depends_on:
            src.append(i)
            dst.append(asset_index[dep.asset_id])
            deg.append(dep.degree if dep.HasField("degree") else 1.0)
            edims.append(dims_mask(dep.dimensions))
    a.update(n_assets=n, own=own,
             src=np.array(src, dtype=np.int64),
             dst=np.array(dst, dtype=np.int64),
             deg=np.array(deg, dtype=np.float64),
             edims=np.array(edims, dtype=np.uint8))

    threat_index = {t.id: i for i, t in enumerate(reg.threats)}
    threat_like = [level(like, t.likelihood) for t in reg.threats]
    threat_dims = [dims_mask(t.dimensions) for t in reg.threats]

    control_index = {c.id: i for i, c in enumerate(reg.controls)}
    a["status"] = np.array([c.status for c in reg.controls], dtype=np.int64)
    a["has_impl"] = np.array([c.HasField("implementation")
                              for c in reg.controls], dtype=bool)
    a["impl"] = np.array([c.implementation for c in reg.controls],
                         dtype=np.float64)
    a["eff"] = np.array([c.effectiveness if c.HasField("effectiveness")
                         else 1.0 for c in reg.controls], dtype=np.float64)

    nr = len(reg.risks)
    pair_risk, pair_asset, asset_start = [], [], []
    risk_dims = np.empty(nr, dtype=np.uint8)
    own_l = np.empty(nr, dtype=np.int64)
    thr_l = np.empty(nr, dtype=np.int64)
    imp_override = np.empty(nr, dtype=np.int64)
    ovr_l = np.empty(nr, dtype=np.int64)
    ovr_i = np.empty(nr, dtype=np.int64)
    mit_start = np.empty(nr, dtype=np.int64)
    mit_control, mit_strength, mit_axes = [], [], []
    for r, risk in enumerate(reg.risks):
        asset_start.append(len(pair_asset))
        seen = set()
        for asset_id in risk.asset_ids:
            i = asset_index[asset_id]
            if i not in seen:
                seen.add(i)
                pair_risk.append(r)
                pair_asset.append(i)
        t = threat_index[risk.threat_id] if risk.threat_id else -1
        if len(risk.dimensions):
            risk_dims[r] = dims_mask(risk.dimensions)
        else:
            risk_dims[r] = threat_dims[t] if t >= 0 else ALL_DIMS
        own_l[r] = level(like, risk.likelihood)
        thr_l[r] = threat_like[t] if t >= 0 else -1
        imp_override[r] = level(imp, risk.impact)
        ovr_l[r] = level(like, risk.residual_override.likelihood)
        ovr_i[r] = level(imp, risk.residual_override.impact)
        mit_start[r] = len(mit_control)
        for mit in risk.mitigations:
            mit_control.append(control_index[mit.control_id])
            mit_strength.append(mit.strength if mit.HasField("strength")
                                else 1.0)
            mit_axes.append(AXIS_L if mit.reduces == REDUCES_LIKELIHOOD else
                            AXIS_I if mit.reduces == REDUCES_IMPACT else
                            AXIS_L | AXIS_I)
    a.update(n_risks=nr,
             pair_risk=np.array(pair_risk, dtype=np.int64),
             pair_asset=np.array(pair_asset, dtype=np.int64),
             asset_start=np.array(asset_start, dtype=np.int64),
             risk_dims=risk_dims, own_l=own_l, thr_l=thr_l,
             imp_override=imp_override, ovr_l=ovr_l, ovr_i=ovr_i,
             mit_start=mit_start,
             mit_count=np.diff(np.append(mit_start, len(mit_control))),
             mit_control=np.array(mit_control, dtype=np.int64),
             mit_strength=np.array(mit_strength, dtype=np.float64),
             mit_axes=np.array(mit_axes, dtype=np.uint8))
    return a


def prepare(a):
    """Structure only (like the engine's Create()): edge groups by rank."""
    n, src, dst = a["n_assets"], a["src"], a["dst"]
    # rank(B) = longest chain of dependents above B; an edge A -> B can be
    # applied once every edge into A is, i.e. in increasing rank(A).
    rank = np.zeros(n, dtype=np.int64)
    for _ in range(n + 1):
        new = rank.copy()
        np.maximum.at(new, dst, rank[src] + 1)
        if np.array_equal(new, rank):
            break
        rank = new
    else:
        raise SystemExit("compare_numpy: the dependency graph has a cycle")
    groups = []
    if len(src):
        edge_rank = rank[src]
        for k in range(int(edge_rank.max()) + 1):
            sel = np.nonzero(edge_rank == k)[0]
            sel = sel[np.argsort(dst[sel], kind="stable")]
            d = dst[sel]
            starts = np.concatenate(([0], np.nonzero(np.diff(d))[0] + 1))
            groups.append({
                "src": src[sel], "deg": a["deg"][sel],
                "bits": [(a["edims"][sel] & (1 << b)) != 0 for b in range(3)],
                "targets": d[starts], "starts": starts,
            })
    a["groups"] = groups
    a["pair_bits"] = [(a["risk_dims"][a["pair_risk"]] & (1 << b)) != 0
                      for b in range(3)]
    a["mit_l"] = (a["mit_axes"] & AXIS_L) != 0
    a["mit_i"] = (a["mit_axes"] & AXIS_I) != 0
    # reduceat needs in-range starts: pad with one neutral element.
    a["mit_starts"] = np.minimum(a["mit_start"], len(a["mit_control"]))
    a["no_mit"] = a["mit_count"] == 0


def ceil_level(x):
    """ceil(x - 1e-9), never below 0 (DESIGN 4)."""
    return np.maximum(np.ceil(x - EPS), 0.0)


def evaluate(a):
    """The full evaluation (timed). Returns per-view (l, i, k) and heatmaps."""
    # 1. Accumulated values, rank by rank.
    acc = a["own"].copy()
    for g in a["groups"]:
        for d in range(3):
            cand = ceil_level(acc[d][g["src"]] * g["deg"])
            cand = np.where(g["bits"][d], cand, 0.0)
            best = np.maximum.reduceat(cand, g["starts"])
            t = g["targets"]
            acc[d][t] = np.maximum(acc[d][t], best)

    # 2. Inherent impact and likelihood.
    pair_val = np.zeros(len(a["pair_asset"]))
    for d in range(3):
        pair_val = np.maximum(
            pair_val, np.where(a["pair_bits"][d], acc[d][a["pair_asset"]], 0.0))
    i0 = np.maximum.reduceat(pair_val, a["asset_start"])
    i0 = np.where(a["imp_override"] >= 0, a["imp_override"], i0)
    l0 = np.where(a["own_l"] >= 0, a["own_l"], a["thr_l"]).astype(np.float64)

    # 3. Control factors.
    status = a["status"]
    impl = np.where(a["has_impl"], a["impl"],
                    np.where(status == STATUS_IMPLEMENTED, 1.0, 0.0))
    counts_now = (status == STATUS_IMPLEMENTED) | (status == STATUS_IN_PROGRESS)
    current_factor = np.where(counts_now, a["eff"] * impl, 0.0)
    target_factor = np.where(status == STATUS_RETIRED, 0.0, a["eff"])

    def reduction(factor):
        keep = 1.0 - a["mit_strength"] * factor[a["mit_control"]]
        out = []
        for axis in (a["mit_l"], a["mit_i"]):
            terms = np.append(np.where(axis, keep, 1.0), 1.0)
            prod = np.multiply.reduceat(terms, a["mit_starts"])
            prod = np.where(a["no_mit"], 1.0, prod)
            out.append(1.0 - prod)  # R = 1 - prod(1 - s)
        return out

    I = a["I"]
    grid = a["grid"]
    views = {}
    views["inherent"] = (l0, i0)
    rl, ri = reduction(target_factor)
    views["target"] = (ceil_level(l0 * (1.0 - rl)), ceil_level(i0 * (1.0 - ri)))
    rl, ri = reduction(current_factor)
    lc = np.where(a["ovr_l"] >= 0, a["ovr_l"], ceil_level(l0 * (1.0 - rl)))
    ic = np.where(a["ovr_i"] >= 0, a["ovr_i"], ceil_level(i0 * (1.0 - ri)))
    views["current"] = (lc, ic)

    # 4. Grid lookup, heatmaps and level counts.
    out = {}
    for name, (lv, iv) in views.items():
        lv = lv.astype(np.uint8)
        iv = iv.astype(np.uint8)
        cell = lv.astype(np.int64) * I + iv
        kv = grid[cell]
        heat = np.bincount(cell, minlength=a["L"] * I)
        counts = np.bincount(kv, minlength=a["K"])
        out[name] = (lv, iv, kv, heat, counts)
    return out


def run_cpp(register, threads, out_path):
    exe = os.path.join(BUILD, "benchmarks", "dump_levels")
    if not os.access(exe, os.X_OK):
        raise SystemExit("compare_numpy: %s is missing; build the release "
                         "preset (benchmarks/run.sh)" % exe)
    res = subprocess.run([exe, register, out_path, str(threads), "5"],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="M", choices=sorted(SIZES),
                        help="S, M (default) or L: benchmarks/.data/SIZE.binpb")
    parser.add_argument("--register", help="a register file instead of --size")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed evaluations (default 5)")
    args = parser.parse_args()

    register = args.register
    if register is None:
        register = os.path.join(HERE, ".data", args.size + ".binpb")
        if not os.path.exists(register):
            os.makedirs(os.path.dirname(register), exist_ok=True)
            subprocess.run([os.path.join(BUILD, "tools", "isms"), "generate",
                            "--assets", str(SIZES[args.size]), "--seed", "1",
                            "-o", register], check=True)

    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print("numpy %s, OPENBLAS_CORETYPE %s" % (
        np.__version__, "set to %r" % coretype if coretype else "not set"))
    print("register: %s" % register)

    with tempfile.TemporaryDirectory(prefix="isms_numpy.") as tmp:
        register_pb2 = load_register_module(tmp)
        t0 = time.perf_counter()
        reg = register_pb2.Register()
        with open(register, "rb") as f:
            reg.ParseFromString(f.read())
        t1 = time.perf_counter()
        a = flatten(reg)
        del reg
        t2 = time.perf_counter()
        prepare(a)
        t3 = time.perf_counter()
        print("assets %d, risks %d, mitigations %d, dependency edges %d" % (
            a["n_assets"], a["n_risks"], len(a["mit_control"]), len(a["src"])))
        print("python: parse %.2f s, flatten %.2f s, prepare (edge ranks, "
              "%d groups) %.3f s -- not timed as evaluation" % (
                  t1 - t0, t2 - t1, len(a["groups"]), t3 - t2))

        times = []
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            result = evaluate(a)
            times.append(time.perf_counter() - start)
        times.sort()
        numpy_s = times[0]

        cpp = {}
        for threads in (0, 1):
            path = os.path.join(tmp, "levels_%d.bin" % threads)
            cpp[threads] = run_cpp(register, threads, path)
            cpp[threads]["path"] = path

        # Compare the 9 level arrays with the engine's.
        nr = a["n_risks"]
        engine = np.fromfile(cpp[0]["path"], dtype=np.uint8)
        if engine.size != 9 * nr:
            raise SystemExit("compare_numpy: dump_levels wrote %d bytes for %d "
                             "risks" % (engine.size, nr))
        engine = engine.reshape(9, nr)
        mismatches = 0
        row = 0
        for view in ("inherent", "current", "target"):
            for j, what in enumerate(("likelihood", "impact", "level")):
                ours = result[view][j]
                diff = np.nonzero(ours != engine[row])[0]
                if diff.size:
                    mismatches += diff.size
                    print("MISMATCH %s %s: %d risks differ, first at risk %d "
                          "(numpy %d, engine %d)" % (
                              view, what, diff.size, diff[0], ours[diff[0]],
                              engine[row][diff[0]]))
                row += 1

    print()
    print("levels: %s (9 arrays x %d risks: inherent/current/target x "
          "likelihood/impact/level)" % (
              "IDENTICAL to the C++ engine" if mismatches == 0 else
              "%d DIFFERENCES" % mismatches, nr))
    print("numpy full evaluation:     best %.1f ms, median %.1f ms "
          "(%d runs, one thread)" % (numpy_s * 1e3,
                                     times[len(times) // 2] * 1e3, len(times)))
    for threads in (0, 1):
        c = cpp[threads]
        label = "all cores" if threads == 0 else "1 thread"
        print("C++ Evaluate() (%-9s): best %.1f ms, median %.1f ms -> numpy / "
              "C++ = %.1fx" % (label, c["evaluate_s_min"] * 1e3,
                               c["evaluate_s_median"] * 1e3,
                               numpy_s / c["evaluate_s_min"]))
    print("(C++ also computes statuses and exposure per asset, owner and "
          "business unit; numpy only levels, heatmaps and level counts.)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
