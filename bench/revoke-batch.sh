#!/usr/bin/env bash
# Revokes N certificates (default 20,000) with one `ca revoke --batch`, and times single
# `ca revoke` processes (20 of them) to compare the rate, in one run: wall time and peak RSS.
#
#   bench/revoke-batch.sh [N]
set -euo pipefail
N=${1:-20000}
source "$(dirname "$0")/common.sh"
build_release fill_register
make_work
HOME_DIR="$WORK/home"
"$CA" --home "$HOME_DIR" init --subject "CN=Revoke bench CA,C=RU" >/dev/null
echo "filling a register with $N certificates ..." >&2
"$ROOT/target/release/examples/fill_register" "$HOME_DIR" "$((N + 20))" >&2
"$CA" --home "$HOME_DIR" --json list --status valid \
    | python3 -c 'import json,sys; rows=json.load(sys.stdin); print("serial,reason"); [print(r["serial"]+",superseded") for r in rows if "OCSP" not in r["subject"]]' \
    > "$WORK/all.csv"
head -n "$((N + 1))" "$WORK/all.csv" > "$WORK/batch.csv"
tail -n 20 "$WORK/all.csv" | cut -d, -f1 > "$WORK/singles.txt"

/usr/bin/time -f "%e %M" -o "$WORK/batch.time" "$CA" --home "$HOME_DIR" revoke --batch "$WORK/batch.csv" >/dev/null 2>"$WORK/batch.err"
read -r t_batch m_batch < "$WORK/batch.time"
start=$(date +%s.%N)
while read -r serial; do
    "$CA" --home "$HOME_DIR" revoke "$serial" --reason superseded >/dev/null 2>&1
done < "$WORK/singles.txt"
end=$(date +%s.%N)
per_single=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 20 }')
tail -1 "$WORK/batch.err"
echo "ca revoke --batch: $N certificates in $t_batch s ($(awk -v n="$N" -v t="$t_batch" 'BEGIN { printf "%.0f", n / t }')/s), peak $((m_batch / 1024)) MB"
echo "ca revoke one at a time: $per_single s each; $N would take $(awk -v p="$per_single" -v n="$N" 'BEGIN { printf "%.0f", p * n }') s"
