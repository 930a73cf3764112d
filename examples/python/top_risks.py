#!/usr/bin/env python3
"""Where an analyst starts: load a register, list the top risks, simulate
implementing the control that removes the most exposure, and show the current
heatmap before and after (as text, and as a PNG if matplotlib is installed).

    /usr/bin/python3 examples/python/top_risks.py examples/registers/acme.json \
        --as-of 2026-11-22 [--png heatmaps.png]
"""

import argparse
import sys

import isms


def level_names(reg):
    """Display names of the register's scales, lowest first."""
    method = reg.risk_method

    def name(level):
        return level.name or level.id

    return (
        [name(level) for level in method.likelihood.levels],
        [name(level) for level in method.impact.levels],
        [name(level) for level in method.risk_levels],
    )


def print_top_risks(reg, result, n):
    _, _, risk_levels = level_names(reg)
    titles = {risk.id: risk.title for risk in reg.risks}
    index = {risk_id: i for i, risk_id in enumerate(result.risk_ids)}
    print("Top %d current risks" % n)
    for risk_id in result.top_risks(n):
        i = index[risk_id]
        inherent = risk_levels[result.inherent.level[i]]
        current = risk_levels[result.current.level[i]]
        print("  %-8s %-9s %s (inherent %s)" % (risk_id, current, titles[risk_id], inherent))


def heatmap_text(reg, heatmap, title):
    """Highest likelihood on top, as risk registers are drawn."""
    likelihood, impact, _ = level_names(reg)
    width = max(6, max(len(name) for name in impact))
    label = max(len(name) for name in likelihood)
    lines = [title]
    for row in reversed(range(heatmap.shape[0])):
        cells = "".join("%*d" % (width + 1, count) for count in heatmap[row])
        lines.append("  %-*s%s" % (label, likelihood[row], cells))
    lines.append("  %-*s%s" % (label, "", "".join(" %*s" % (width, n[:width]) for n in impact)))
    return "\n".join(lines)


def save_png(reg, before, after, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: no PNG; Debian: apt-get install python3-matplotlib)")
        return
    likelihood, impact, _ = level_names(reg)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, (title, heatmap) in zip(axes, (("before", before), ("after", after))):
        ax.imshow(heatmap, origin="lower", cmap="OrRd")
        ax.set_title("current risk, " + title)
        ax.set_xticks(range(len(impact)), impact, rotation=45, ha="right")
        ax.set_yticks(range(len(likelihood)), likelihood)
        for (row, col), count in ((rc, heatmap[rc]) for rc in zip(*heatmap.nonzero())):
            ax.text(col, row, str(count), ha="center", va="center")
    fig.tight_layout()
    fig.savefig(path)
    print("wrote", path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", help="register file (.json, .binpb, .txtpb)")
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--png", default=None, help="also draw both heatmaps here")
    args = parser.parse_args(argv)

    try:
        reg = isms.load(args.register)
        engine = isms.Engine(reg, as_of=args.as_of)
    except isms.Error as e:  # the message names the file and the place
        print("error:", e, file=sys.stderr)
        return 1

    before = engine.evaluate()
    print("%s, as of %s: %d risks, current exposure %g (inherent %g, target %g)\n" % (
        reg.organization.name, before.as_of, len(before.risk_ids),
        before.current.exposure, before.inherent.exposure, before.target.exposure))
    print_top_risks(reg, before, args.top)

    ranking = engine.whatif()
    if not ranking:
        print("\nEvery control is fully implemented: nothing to simulate.")
        return 0
    best = ranking[0]
    print("\nBest next control: %s %s (removes %g of current exposure, improves %d risks)" % (
        best.control_id, best.name, best.exposure_removed, best.risks_improved))

    engine.set_control_status(best.control_id, "implemented")
    engine.set_control_implementation(best.control_id, 1.0)
    after = engine.recalculate()
    print("After implementing it: current exposure %g -> %g (%d risks recomputed)\n" % (
        before.current.exposure, after.current.exposure, engine.last_recomputed))

    print(heatmap_text(reg, before.current.heatmap, "Current risk before"))
    print()
    print(heatmap_text(reg, after.current.heatmap, "Current risk after"))
    if args.png:
        save_png(reg, before.current.heatmap, after.current.heatmap, args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
