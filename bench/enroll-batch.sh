#!/usr/bin/env bash
# Times `ca enroll --batch` of N applicants (keys generated at the CA, three files each) and
# reports wall time, rate and peak RSS.
#
#   bench/enroll-batch.sh [N]        (default N=10000)
set -euo pipefail
N=${1:-10000}
source "$(dirname "$0")/common.sh"
build_release
make_work
cd "$WORK"
"$CA" --home home init --subject "CN=Bench CA,C=RU" --ocsp-url http://127.0.0.1:8080/ocsp \
    --crl-url http://127.0.0.1:8080/crl >/dev/null
{
    echo "subject,snils,inn"
    for i in $(seq 1 "$N"); do echo "\"CN=Заявитель $i,C=RU\",11223344595,500100732259"; done
} > applicants.csv
/usr/bin/time -f "%e s wall, %M KB peak RSS" "$CA" --home home enroll --batch applicants.csv \
    --out out >/dev/null 2> time.txt || { cat time.txt; exit 1; }
tail -n 2 time.txt
wall=$(tail -n 1 time.txt | cut -d' ' -f1)
printf 'enroll --batch of %d: %.1f s, %.0f applicants/s, %d files written\n' "$N" "$wall" \
    "$(echo "$N / $wall" | bc -l)" "$(ls out | wc -l)"
