#!/usr/bin/env bash
# tactful's benchmark: start-up, throughput, memory, linearity, languages, the `rg` limit and peers.
# Writes bench/RESULTS.md. Usage, from the project root:   bench/run.sh
# Optional: RUNS=N (timed runs per row, default 5; the 1 KB drafts always run 30 times);
# PAIRS=N (pairs of runs per ratio row, default 11).
# See bench/README.md for what each row means and the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PAIRS=${PAIRS:-11}

echo "building (release) ..." >&2
cargo build --release --quiet --bin tactful --example bench_corpus
target=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target/release/tactful
gen=$target/release/examples/bench_corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "generating corpora in $work ..." >&2
"$gen" corpus "$work"
"$gen" phrases en > "$work/phrases-en.txt"
shared=../shared/corpora

# ---------------------------------------------------------------------------------------------
# time_us CMD...: wall time (µs) of one run; output discarded, exit code ignored. Timed with
# bash's own clock (bash 5), so that no `date` process is timed with the command.
time_us() {
    local s e
    if [ -n "${EPOCHREALTIME:-}" ]; then
        s=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || true; e=${EPOCHREALTIME/[.,]/}
        echo "$(( e - s ))"
    else
        s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo "$(( (e - s) / 1000 ))"
    fi
}

# median_of µs...: their median, in ms.
median_of() {
    printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'
}

# median_ms N CMD...: median wall time (ms) of N runs.
median_ms() {
    local n=$1; shift
    local times=()
    for _ in $(seq "$n"); do times+=("$(time_us "$@")"); done
    median_of "${times[@]}"
}

# median_pair_ms N: N runs each of the commands in the arrays `cmd_a` and `cmd_b`, in turns, as
# "A B A/B": the medians (ms) of each, and the median of the pairs' ratios. A shared host's speed
# drifts over minutes and jumps for seconds: a pair's two runs meet the host alike, and the
# median ratio passes over the pairs that met a jump.
median_pair_ms() {
    local n=$1 ta=() tb=() rs=() a b
    for _ in $(seq "$n"); do
        a=$(time_us "${cmd_a[@]}")
        b=$(time_us "${cmd_b[@]}")
        ta+=("$a") tb+=("$b") rs+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.4f", a / b}')")
    done
    echo "$(median_of "${ta[@]}") $(median_of "${tb[@]}")" \
        "$(printf '%s\n' "${rs[@]}" | sort -g | awk '{r[NR]=$1} END {printf "%.2f", r[int((NR+1)/2)]}')"
}

# rss_mb CMD...: peak resident memory (MB) of one run.
rss_mb() {
    /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.1f", $1 / 1024}' "$work/rss"
}

# bytes of files or folders
size_of() { du -cb "$@" | tail -n1 | cut -f1; }
size_label() {
    awk -v b="$1" 'BEGIN {if (b < 1048576) printf "%.1f KB", b / 1024; else printf "%.1f MB", b / 1048576}'
}
mbs() { awk -v b="$1" -v ms="$2" 'BEGIN {printf "%.1f", (b / 1048576) / (ms / 1000)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); echo "  $1: $2 ms, $3 MB/s, $4 MB RSS ($5)" >&2; }

# check_row LABEL RUNS NOTE PATHS_AND_ARGS...: a `tactful check` row (FORMAT=... for another
# output format than concise).
check_row() {
    local label=$1 n=$2 note=$3 format=${FORMAT:-concise}; shift 3
    local files=() a
    for a in "$@"; do [ -e "$a" ] && files+=("$a"); done
    local bytes ms
    bytes=$(size_of "${files[@]}")
    # MS=...: a time measured already (in turns with another command).
    ms=${MS:-$(median_ms "$n" "$bin" check --fail-on never --format "$format" "${jobs1[@]}" "$@")}
    row "$label ($(size_label "$bytes"))" "$ms" "$(mbs "$bytes" "$ms")" \
        "$(rss_mb "$bin" check --fail-on never --format "$format" "${jobs1[@]}" "$@")" "$note"
    last_ms=$ms
}

# One thread for every row but the thread rows, once `check` has `--jobs`.
jobs1=()
if "$bin" check --help | grep -q -- '--jobs'; then jobs1=(--jobs 1); fi

# How long this host takes to start a process, before and after the rows: compare runs only
# between hosts (and moments) alike.
true_before=$(median_ms 30 /bin/true)

echo "measuring tactful check ..." >&2
check_row "1 KB draft, start-up included" 30 "target < 5 ms" "$work/draft-1k.txt"
for lang in de ru et; do
    check_row "1 KB $lang draft" 30 "target < 5 ms" "$work/draft-1k-$lang.txt"
done
check_row "1 KB draft that promises an update" 30 "target < 5 ms (time patterns compiled)" \
    "$work/promise-1k.txt"
check_row "20 KB e-mail (.eml: a reply, the thread quoted below)" 30 "what a pre-send hook reads" \
    "$work/email-20k.eml"
check_row "2,000 replies, one file each" "$RUNS" "peers' input below" "$work/replies"
check_row "20,000-entry YAML library" "$RUNS" "target RSS < 64 MB" "$work/library.yaml"
check_row "the same library as JSON" "$RUNS" "target RSS < 64 MB" "$work/library.json"
FORMAT=sarif check_row "the YAML library, SARIF output" "$RUNS" "CI output: written as it is made" \
    "$work/library.yaml"
# The ratio rows time their two commands in turns (median_pair_ms).
check=("$bin" check --fail-on never --format concise "${jobs1[@]}")
cmd_a=("${check[@]}" --lang en "$work/big.txt") cmd_b=("${check[@]}" --lang en "$work/half.txt")
read -r big_ms half_ms doubling < <(median_pair_ms "$PAIRS")
MS=$big_ms check_row "35 MB single file, --lang en" "$RUNS" "target ≥ 100 MB/s, RSS < 64 MB" \
    --lang en "$work/big.txt"
MS=$half_ms check_row "first half of the 35 MB file, --lang en" "$RUNS" "for linearity" \
    --lang en "$work/half.txt"
rows+=("| doubling the input: 35 MB time / 17.5 MB time | ${doubling}× | | | target ≤ 2.2× (in turns) |")

check_row "8 MB of en replies, --lang en" "$RUNS" "" --lang en "$work/lang-en.txt"
rows[-1]="${rows[-1]%  |} 1.00× English's time (target ≤ 1.5×) |"
for lang in de ru et; do
    cmd_a=("${check[@]}" --lang "$lang" "$work/lang-$lang.txt")
    cmd_b=("${check[@]}" --lang en "$work/lang-en.txt")
    read -r lang_ms _ to_en < <(median_pair_ms "$PAIRS")
    MS=$lang_ms check_row "8 MB of $lang replies, --lang $lang" "$RUNS" "" \
        --lang "$lang" "$work/lang-$lang.txt"
    rows[-1]="${rows[-1]%  |} ${to_en}× English's time, taken in turns (target ≤ 1.5×) |"
done
if [ ${#jobs1[@]} -gt 0 ]; then
    # thread_row LABEL NOTE RUNS ARGS...: the check with two threads, timed in turns with one.
    thread_row() {
        local label=$1 note=$2 n=$3; shift 3
        local two_ms faster
        cmd_a=("$bin" check --fail-on never --format concise --jobs 1 "$@")
        cmd_b=("$bin" check --fail-on never --format concise --jobs 2 "$@")
        read -r _ two_ms faster < <(median_pair_ms "$n")
        rows+=("| $label with --jobs 2 | $two_ms | | | ${faster}× faster than --jobs 1$note |")
    }
    thread_row "1 KB draft" "" 30 "$work/draft-1k.txt"
    thread_row "20 KB e-mail" "" 30 "$work/email-20k.eml"
    thread_row "library" " (target ≥ 1.6×)" "$PAIRS" "$work/library.yaml"
    thread_row "replies" "" "$PAIRS" "$work/replies"
    thread_row "35 MB file" " (one text: sections on two threads)" "$PAIRS" --lang en "$work/big.txt"
else
    rows+=("| 2 threads vs 1 | not measured | | | this \`tactful check\` has no --jobs option (target ≥ 1.6× on the library) |")
fi

if "$bin" fix --help | grep -q -- '--jobs'; then
    # `fix` checks each reply, applies the safe fixes and checks again.
    cmd_a=("$bin" fix --diff --jobs 1 "$work/replies")
    cmd_b=("$bin" fix --diff --jobs 2 "$work/replies")
    read -r fix1_ms fix2_ms faster < <(median_pair_ms "$PAIRS")
    rows+=("| fix --diff on the 2,000 replies, --jobs 1 | $fix1_ms | | | |")
    rows+=("| fix --diff on the 2,000 replies, --jobs 2 | $fix2_ms | | | ${faster}× faster than --jobs 1 |")
fi

if [ -d "$shared" ]; then
    echo "measuring ../shared/corpora ..." >&2
    [ -f "$shared/bitext/customer_support_responses.csv" ] &&
        check_row "shared: Bitext responses CSV as one text, --lang en" "$RUNS" "real agent texts" \
            --lang en "$shared/bitext/customer_support_responses.csv"
    [ -f "$shared/twitter-care/agent_replies.dev.jsonl" ] &&
        check_row "shared: Twitter agent replies JSONL as one text, --lang en" "$RUNS" "real agent texts" \
            --lang en "$shared/twitter-care/agent_replies.dev.jsonl"
    [ -d "$shared/saved-replies" ] &&
        check_row "shared: saved-replies folder" "$RUNS" "walked (.md)" "$shared/saved-replies"
else
    echo "no $shared: skipping the shared corpora" >&2
    rows+=("| shared corpora | skipped | | | ../shared/corpora not found |")
fi

# ---------------------------------------------------------------------------------------------
echo "measuring the limit (rg) ..." >&2
if command -v rg >/dev/null 2>&1; then
    n_phrases=$(wc -l < "$work/phrases-en.txt")
    cmd_a=("${check[@]}" --lang en "$work/big.txt")
    cmd_b=(rg -c -i -w -F -f "$work/phrases-en.txt" "$work/big.txt")
    read -r _ rg_ms to_rg < <(median_pair_ms "$PAIRS")
    bytes=$(size_of "$work/big.txt")
    row "rg -c -i -w -F -f <$n_phrases English phrases> on the 35 MB file" "$rg_ms" \
        "$(mbs "$bytes" "$rg_ms")" "$(rss_mb "${cmd_b[@]}")" \
        "tactful takes ${to_rg}× rg's time, taken in turns (target ≤ 2.5×)"
    # The same phrases over the peers' input, on one thread as the peers: what matching alone
    # costs on many small files.
    cmd_a=("${check[@]}" "$work/replies")
    cmd_b=(rg -j1 -c -i -w -F -f "$work/phrases-en.txt" "$work/replies")
    read -r _ rg_replies_ms to_rg < <(median_pair_ms "$PAIRS")
    row "rg -j1 -c -i -w -F -f <$n_phrases English phrases> on the 2,000 replies" "$rg_replies_ms" \
        "" "" "tactful takes ${to_rg}× rg's time, taken in turns"
    # Reading the files and nothing else: rg looking for a string none of them holds.
    floor_ms=$(median_ms "$RUNS" rg -j1 -c -F zqxjzqxj "$work/replies")
    floor2_ms=$(median_ms "$RUNS" rg -j2 -c -F zqxjzqxj "$work/replies")
    row "rg -j1 -c -F <a string no reply holds> on the 2,000 replies" "$floor_ms" "" "" \
        "opening and reading the files, no matching: the floor for any tool"
    row "the same with rg -j2" "$floor2_ms" "" "" ""
else
    rows+=("| rg (the limit) | skipped | | | ripgrep not installed: \`apt-get install ripgrep\` |")
fi

echo "measuring peers on the 2,000 replies (skipped when not installed) ..." >&2
peer_best=
peer_best_name=
peer() {
    local name=$1; shift
    if ! command -v "$1" >/dev/null 2>&1; then
        rows+=("| $name on the 2,000 replies | not installed | | | |")
        return
    fi
    local ms ours ours2=
    ms=$(median_ms 1 "$@")
    # tactful on the same files right after, so that both meet the host alike.
    ours=$(median_ms "$RUNS" "${check[@]}" "$work/replies")
    if [ ${#jobs1[@]} -gt 0 ]; then
        ours2=$(median_ms "$RUNS" "$bin" check --fail-on never --format concise --jobs 2 "$work/replies")
    fi
    row "$name on the 2,000 replies" "$ms" "" "" \
        "$(ratio "$ms" "$ours")× tactful's time ($ours ms, timed right after)"
    if [ -z "$peer_best" ] || awk -v a="$ms" -v b="$peer_best" 'BEGIN {exit !(a < b)}'; then
        peer_best=$ms peer_best_name=$name peer_ours=$ours peer_ours2=$ours2
    fi
}
reply_files=("$work"/replies/*.txt)
peer write-good write-good "${reply_files[@]}"
peer alex alex "${reply_files[@]}"
peer proselint proselint check "${reply_files[@]}"
if command -v harper-cli >/dev/null 2>&1; then
    peer harper-cli harper-cli lint --count "${reply_files[@]}"
else
    peer harper-cli harper lint --count "${reply_files[@]}"
fi
if [ -n "$peer_best" ]; then
    rows+=("| fastest peer ($peer_best_name) / tactful on the 2,000 replies | $(ratio "$peer_best" "$peer_ours")× | | | target ≥ 100× |")
    if [ -n "$peer_ours2" ]; then
        rows+=("| the same with tactful on two threads (--jobs 2) | $(ratio "$peer_best" "$peer_ours2")× | | | the peers run on one |")
    fi
    if [ -n "${rg_replies_ms:-}" ]; then
        rows+=("| fastest peer ($peer_best_name) / rg on the 2,000 replies | $(ratio "$peer_best" "$rg_replies_ms")× | | | the phrase-matching limit, for scale |")
    fi
    if [ -n "${floor_ms:-}" ]; then
        rows+=("| fastest peer ($peer_best_name) / the reading floor (rg -j1, no matching) | $(ratio "$peer_best" "$floor_ms")× | | | the most any tool reading these files one by one on one thread can reach |")
        rows+=("| fastest peer ($peer_best_name) / the reading floor (rg -j2, no matching) | $(ratio "$peer_best" "$floor2_ms")× | | | the same on two threads |")
    fi
fi

# ---------------------------------------------------------------------------------------------
true_after=$(median_ms 30 /bin/true)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
{
    echo "# Benchmark results"
    echo
    echo "Written by \`bench/run.sh\` (see [README.md](README.md) for what each row means and the targets)."
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sm)"
    echo "- host speed: starting \`/bin/true\` takes ${true_before} ms before the rows, ${true_after} ms after (median of 30)"
    echo "- tactful $("$bin" --version | cut -d' ' -f2), $(rustc --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- wall time: median of $RUNS runs (30 for the 1 KB drafts and the e-mail; 1 for peers); memory: peak RSS of one run"
    echo "- \`tactful check --fail-on never --format concise ${jobs1[*]}\`, output to /dev/null"
    echo
    echo "| case | wall time (ms) | MB/s | peak RSS (MB) | note |"
    echo "|---|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
} > bench/RESULTS.md
cat bench/RESULTS.md
