#!/usr/bin/env bash
# Are two builds' reports byte-identical? The guard for refactors that must not change behaviour.
#
#   bash benches/compare_reports.sh OLD NEW [DOCS]
#
# OLD and NEW are each a crosscheck binary or a git revision (built in a temporary worktree,
# release profile). Both scan seeds/ and a generated corpus of DOCS plans (default 1000;
# gen-corpus --seed 7, built from this tree) into their own folders with the default formats,
# and every report file is compared byte for byte.
# Exit 0 when all are identical, 1 when any differs (the differing files are listed).
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:?usage: compare_reports.sh OLD NEW [DOCS]}"
new="${2:?usage: compare_reports.sh OLD NEW [DOCS]}"
docs="${3:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"; git worktree prune >/dev/null 2>&1 || true' EXIT

binary_of() { # $1: binary path or git revision; prints a binary path
  if [ -x "$1" ] && [ -f "$1" ]; then echo "$1"; return; fi
  local tree="$work/tree-$(echo "$1" | tr -c 'A-Za-z0-9' _)"
  git worktree add --detach "$tree" "$1" >/dev/null 2>&1
  (cd "$tree" && cargo build --release --locked --quiet --bin crosscheck >&2)
  cp "$tree/target/release/crosscheck" "$tree.bin"
  git worktree remove --force "$tree" >/dev/null 2>&1
  echo "$tree.bin"
}

old_bin="$(binary_of "$old")"
new_bin="$(binary_of "$new")"
cargo build --release --locked --quiet -p crosscheck-dev --bin gen-corpus
target/release/gen-corpus --docs "$docs" --seed 7 --out "$work/generated" >/dev/null

status=0
for corpus in seeds "$work/generated"; do
  name="$(basename "$corpus")"
  for bin in old new; do
    b="${bin}_bin"
    "${!b}" scan "$corpus" --out "$work/$bin-$name" --quiet || true
  done
  if diff -r -q "$work/old-$name" "$work/new-$name"; then
    echo "identical: $name ($(ls "$work/new-$name" | wc -l) files)"
  else
    status=1
  fi
done
exit $status
