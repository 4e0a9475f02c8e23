#!/usr/bin/env bash
# Measures tactful's start-up and throughput; writes bench/RESULTS.md.
# Usage: bench/run.sh   (from the project root; uses ../shared/corpora when present)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/tactful
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 1 KB draft.
head -c 1024 examples/draft.txt > "$work/draft-1k.txt"
bitext=../shared/corpora/bitext/customer_support_responses.csv

now() { date +%s.%N; }
# Median wall time in ms of N runs of a command.
median_ms() {
    local n=$1; shift
    local times=()
    for _ in $(seq "$n"); do
        local s e
        s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
        times+=("$(echo "($e - $s) * 1000" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'
}

rows="| 1 KB draft, start-up included | $(median_ms 30 "$bin" check "$work/draft-1k.txt") ms | target < 10 ms |"
if [ -f "$bitext" ]; then
    size=$(stat -c %s "$bitext")
    ms=$(median_ms 5 "$bin" check --lang en --format json "$bitext")
    mbs=$(echo "$size / 1048576 / ($ms / 1000)" | bc -l)
    rows="$rows
| Bitext CSV as one plain text ($(echo "$size / 1048576" | bc -l | xargs printf '%.1f') MB), --lang en, JSON | $ms ms | $(printf '%.1f' "$mbs") MB/s |"
    if command -v rg >/dev/null 2>&1; then
        "$bin" rules --lang en --format json >/dev/null
        rg_ms=$(median_ms 5 rg -c -i -w -F -e utilize -e "calm down" -e soon "$bitext")
        rows="$rows
| rg -c -i -w -F (3 phrases) on the same file | $rg_ms ms | reference |"
    fi
fi
{
    echo "# Benchmark results"
    echo
    echo "Machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d)."
    echo
    echo "| case | median wall time | note |"
    echo "|---|---|---|"
    echo "$rows"
} > bench/RESULTS.md
cat bench/RESULTS.md
