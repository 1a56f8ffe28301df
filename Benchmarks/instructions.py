#!/usr/bin/env python3
"""Instruction-count gate for the engine (run by `make bench`; `--update` re-records the thresholds).

Runs the workjet-instructions tool under valgrind's callgrind, which counts the instructions executed
inside each `measured...` function. The counts do not drift with machine noise (this 2-core machine is
shared), so the thresholds in Thresholds/instructions.json allow only a small relative tolerance.

    python3 instructions.py [--binary PATH] [--update] [--tolerance PERCENT]

Exit status: 0 within thresholds, 2 a regression, 1 the measurement itself failed.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
THRESHOLDS = os.path.join(HERE, "Thresholds", "instructions.json")
WORKLOADS = {
    "measuredRawSparse": "raw hs_scan, 1 MiB sparse",
    "measuredEngineSparse": "engine scan, 1 MiB sparse",
    "measuredRawDense": "raw hs_scan, 1 MiB dense",
    "measuredEngineDense": "engine scan, 1 MiB dense",
    "measuredRedactDense": "scan + redact, 1 MiB dense",
    "measuredRawRequests4KB": "raw hs_scan, 16 requests of 4 KB",
    "measuredRequests4KB": "engine scan, 16 requests of 4 KB",
    "measuredCandidatesSparse": "candidate stage, 1 MiB sparse",
    "measuredCandidatesDense": "candidate stage, 1 MiB dense",
    "measuredCandidatesRequests4KB": "candidate stage, 16 requests of 4 KB",
    "measuredChatBodies4KB": "gateway JSON DLP, 16 bodies of 4 KB",
}


def measure(binary):
    with tempfile.TemporaryDirectory() as tmp:
        # valgrind 3.19 cannot read the DWARF that swiftc emits; the symbol table is enough.
        stripped = os.path.join(tmp, "workjet-instructions")
        shutil.copy(binary, stripped)
        subprocess.run(["strip", "--strip-debug", stripped], check=True)
        out = os.path.join(tmp, "callgrind.out")
        symbol = next((line.split()[-1] for line in subprocess.run(["nm", stripped], capture_output=True, text=True,
                       check=True).stdout.splitlines() if re.fullmatch(r"\$s\d+workjet_instructions16measuredWorkloadyS2iKF",
                       line.split()[-1])), None)
        if symbol is None:
            sys.stderr.write("no measuredWorkload symbol in the binary\n")
            raise SystemExit(1)
        # Collect only inside measuredWorkload, and dump (then zero) the counts each time it returns.
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--collect-atstart=no",
                   f"--toggle-collect={symbol}", f"--dump-after={symbol}", stripped]
        env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
        run = subprocess.run(command, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-4000:])
            raise SystemExit(1)
        dumps = sorted((f for f in os.listdir(tmp) if re.fullmatch(r"callgrind\.out\.\d+", f)),
                       key=lambda f: int(f.rsplit(".", 1)[1]))
        totals = []
        for dump in dumps:
            with open(os.path.join(tmp, dump)) as f:
                total = next((int(line.split()[1]) for line in f if line.startswith(("summary:", "totals:"))), None)
            totals.append(total)
    if len(totals) != len(WORKLOADS) or None in totals:
        sys.stderr.write(f"expected {len(WORKLOADS)} callgrind dumps, got {totals}\n")
        raise SystemExit(1)
    counts = dict(zip(WORKLOADS, totals))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(HERE, "..", ".build-bench", "release", "workjet-instructions"))
    parser.add_argument("--update", action="store_true", help="record the measured counts as the thresholds")
    parser.add_argument("--tolerance", type=float, default=3.0, help="allowed relative increase, percent (default 3)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}: build it with `swift build -c release --product workjet-instructions`")
    counts = measure(args.binary)
    recorded = {}
    if os.path.exists(THRESHOLDS):
        with open(THRESHOLDS) as f:
            recorded = json.load(f)
    print(f"{'workload':32}{'instructions':>16}{'per byte':>10}{'threshold':>16}{'change':>9}")
    regressions = []
    for name, label in WORKLOADS.items():
        size = 16 * 4096 if name.endswith("4KB") else 1 << 20
        base = recorded.get(name)
        change = "" if base is None else f"{(counts[name] / base - 1) * 100:+.1f}%"
        print(f"{label:32}{counts[name]:>16,}{counts[name] / size:>10.1f}{base or 0:>16,}{change:>9}")
        if base is not None and counts[name] > base * (1 + args.tolerance / 100):
            regressions.append(label)
    # Ratios as throughput ratios (fewer instructions = faster): engine over the candidate stage
    # (Hyperscan plus the digit-run scanner), and engine over raw hs_scan alone.
    for label, raw, stage, full in (
        ("sparse", "measuredRawSparse", "measuredCandidatesSparse", "measuredEngineSparse"),
        ("dense", "measuredRawDense", "measuredCandidatesDense", "measuredEngineDense"),
        ("4 KB requests", "measuredRawRequests4KB", "measuredCandidatesRequests4KB", "measuredRequests4KB"),
    ):
        print(f"by instructions, {label}: engine/candidates {counts[stage] / counts[full]:.3f}, "
              f"engine/hs {counts[raw] / counts[full]:.3f}")
    if args.update:
        with open(THRESHOLDS, "w") as f:
            json.dump(counts, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"recorded {THRESHOLDS}")
        return 0
    if regressions:
        print(f"instruction regression (> {args.tolerance}%): {', '.join(regressions)}")
        return 2
    if not recorded:
        print("no recorded thresholds: run with --update")
    return 0


if __name__ == "__main__":
    sys.exit(main())
