#!/usr/bin/env bash
# CLI throughput benchmark (issue #3, "Scale"): `workjet scan --format jsonl --quiet` on a folder of
# 10,000 small files and on one large file, with --jobs 1 and --jobs 2, against the engine's in-memory
# throughput on the same bytes. Prints MB/s (10^6 B/s), the ratio to engine x jobs, and peak RSS.
#
#   make bench-cli                       # 1 GB large file
#   SIZE=256 make bench-cli              # large file size in MiB
#   FILES=2000 RUNS=3 KEEP=1 make bench-cli
#
# Variables: SIZE (MiB, default 1024), FILES (default 10000), RUNS (best of N, default 1), JOBS (default "1 2"),
# WORKDIR (default a fresh temp dir, deleted unless KEEP=1), SCRATCH (release build dir, default .build-cli-rel),
# SKIP_BUILD=1 to use the binaries already built, WORKJET=path to measure another workjet binary.
# "scan MB/s" is the CLI's own summary figure (bytes / wall clock of the scan, engine compilation excluded);
# "wall MB/s" is bytes / the process's whole wall clock (startup and engine compilation included);
# "CPU MB/s" is bytes / the process's CPU time minus an empty run's (see the note printed at the end).
# The floor lines at the end: the same bytes read with the CLI's system calls, and read and scanned with nothing
# reported (`workjet-cli-bench floor`): the ratio to the engine that no CLI on this host could pass.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${SIZE:-1024}
FILES=${FILES:-10000}
RUNS=${RUNS:-1}
JOBS=${JOBS:-"1 2"}
SCRATCH=${SCRATCH:-.build-cli-rel}
SWIFT=${SWIFT:-swift}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    $SWIFT build -c release --product workjet --scratch-path "$SCRATCH"
    $SWIFT build -c release --product workjet-cli-bench --scratch-path "$SCRATCH"
fi
BIN="$SCRATCH/release"
WORKJET=${WORKJET:-$BIN/workjet}
[ -x /usr/bin/time ] || { echo "bench-cli needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 1; }

if [ -n "${WORKDIR:-}" ]; then
    mkdir -p "$WORKDIR"
else
    WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/workjet-bench-cli.XXXXXX")
    [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORKDIR"' EXIT
fi
if [ ! -f "$WORKDIR/.generated-$FILES-$SIZE" ]; then
    rm -rf "$WORKDIR/small" "$WORKDIR/large.txt"
    echo "generating $FILES small files and a $SIZE MiB file in $WORKDIR ..."
    "$BIN/workjet-cli-bench" generate "$WORKDIR" --files "$FILES" --large-mib "$SIZE"
    touch "$WORKDIR/.generated-$FILES-$SIZE"
fi
small_bytes=$(find -L "$WORKDIR/small" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
large_bytes=$(stat -c %s "$WORKDIR/large.txt")

echo "engine in memory (one thread, block scans) ..."
helper_output=$("$BIN/workjet-cli-bench" engine "$WORKDIR")
# The value of `NAME=` in the helper's last output.
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$helper_output"; }
engine_small=$(field engine_small_mbps) engine_small_cpu=$(field engine_small_cpu_mbps)
engine_large=$(field engine_large_mbps) engine_large_cpu=$(field engine_large_cpu_mbps)

echo "floor: the same files read, then read and scanned with nothing reported (one thread) ..."
helper_output=$("$BIN/workjet-cli-bench" floor "$WORKDIR")
read_small=$(field read_small_mbps) bare_small=$(field bare_small_mbps)
read_large=$(field read_large_mbps) bare_large=$(field bare_large_mbps)

# CPU seconds of a run that scans nothing (start-up and engine compilation), subtracted from each run's CPU time.
: >"$WORKDIR/empty.txt"
/usr/bin/time -f '%U %S' -o "$WORKDIR/time.log" "$WORKJET" scan --format jsonl --quiet --fail-on never "$WORKDIR/empty.txt" >/dev/null 2>&1
setup_cpu=$(awk '{ print $1 + $2 }' "$WORKDIR/time.log")

# One measured run: prints "scanMBs wallMBs cpuMBs maxRSS_KiB".
run_once() {
    local jobs=$1 target=$2 bytes=$3 log="$WORKDIR/time.log" err="$WORKDIR/stderr.log"
    sync
    /usr/bin/time -v -o "$log" "$WORKJET" scan --format jsonl --quiet --fail-on never --jobs "$jobs" "$target" \
        >/dev/null 2>"$err" || { cat "$err" >&2; exit 1; }
    local scan
    scan=$(sed -n 's/^throughput: \([0-9.]*\) MB\/s.*/\1/p' "$err")
    awk -F': ' -v b="$bytes" -v s="$scan" -v setup="$setup_cpu" '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time/ { u = $2 } /System time/ { k = $2 } /Maximum resident set size/ { r = $2 }
        END { c = u + k - setup; if (c <= 0) c = 0.001; printf "%s %.1f %.1f %d\n", s, b / 1e6 / w, b / 1e6 / c, r }' "$log"
}

printf '\n%-22s %4s %9s %9s %10s %7s %9s %10s %7s %9s\n' workload jobs "scan MB/s" "wall MB/s" "engine x j" ratio \
    "CPU MB/s" "engine CPU" "CPU eff" "peak RSS"
for workload in small large; do
    if [ $workload = small ]; then target="$WORKDIR/small" bytes=$small_bytes rate=$engine_small cpu_rate=$engine_small_cpu
        label="$FILES files ($((small_bytes / 1000000)) MB)"
    else target="$WORKDIR/large.txt" bytes=$large_bytes rate=$engine_large cpu_rate=$engine_large_cpu
        label="1 file ($((large_bytes / 1000000)) MB)"
    fi
    for jobs in $JOBS; do
        best=""
        for _ in $(seq "$RUNS"); do
            result=$(run_once "$jobs" "$target" "$bytes")
            if [ -z "$best" ] || awk -v a="${result%% *}" -v b="${best%% *}" 'BEGIN { exit !(a > b) }'; then best=$result; fi
        done
        read -r scan wall cpu rss <<<"$best"
        awk -v l="$label" -v j="$jobs" -v s="$scan" -v w="$wall" -v e="$rate" -v c="$cpu" -v ec="$cpu_rate" -v r="$rss" 'BEGIN {
            printf "%-22s %4d %9.1f %9.1f %10.1f %6.0f%% %9.1f %10.1f %6.0f%% %6.1f MB\n",
                l, j, s, w, e * j, 100 * s / (e * j), c, ec, (ec > 0 ? 100 * c / ec : 0), r / 1024 }'
    done
done
cat <<NOTE

engine (one thread, in memory): small files $engine_small MB/s wall, $engine_small_cpu MB/s CPU; large-file sample
$engine_large MB/s wall, $engine_large_cpu MB/s CPU. ratio = scan MB/s / (engine x jobs), the issue's target is 90 %.
CPU MB/s = bytes / CPU seconds of the run minus those of an empty run ($setup_cpu s: start-up, engine build);
CPU eff = CPU MB/s / engine CPU MB/s, the per-core efficiency, which on a machine shared with other work is the
steadier number (wall clocks there also count the time other processes held the cores).

floor (one thread, workjet-cli-bench floor): reading alone (the walk, open, fstat, read, close of each file; the
large file in 8 MiB preads) $read_small MB/s on the small files, $read_large MB/s on the large one; reading and block-
scanning with nothing reported (no positions, fingerprints or output) $bare_small and $bare_large MB/s.
NOTE
awk -v bs="$bare_small" -v es="$engine_small" -v bl="$bare_large" -v el="$engine_large" 'BEGIN {
    printf "bare / engine (the most a scanner of these files reaches before it reports a finding): small files %.0f %%, large file %.0f %%\n",
        100 * bs / es, 100 * bl / el }'
