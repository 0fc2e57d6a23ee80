#!/usr/bin/env bash
# Run every fuzz target (or those named) for SECONDS each, one after another.
# Inputs grow up to 1 MB (-max_len) and any one input taking over 10 s fails the run (-timeout):
# a quadratic loop shows as a timeout on a long repetitive input (a flood of one heading), which
# small inputs never reach. The seed corpora hold such floods (seed_corpus.py).
# Usage: bash fuzz/run.sh SECONDS [TARGET...]     (from the repository root)
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it
# use the nightly-only sanitizer flags. A crash leaves its input in fuzz/artifacts/TARGET/ and
# makes this script exit non-zero; add it as a regression test (tests/properties.rs).
set -euo pipefail
secs=${1:?seconds per target}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode normalize segment targets config index)
export RUSTC_BOOTSTRAP=1
python3 fuzz/seed_corpus.py >/dev/null
cd fuzz
status=0
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s"
  cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=1048576 \
    -len_control=0 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tee "/tmp/fuzz-$t.log" | grep -E "^(stat::|==|SUMMARY|.*(panicked|ERROR))" || true
  grep -q "^stat::number_of_executed_units" "/tmp/fuzz-$t.log" && ! grep -qE "panicked|ERROR: libFuzzer|deadly signal" "/tmp/fuzz-$t.log" || status=1
done
exit $status
