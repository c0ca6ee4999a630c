#!/usr/bin/env bash
# Signs and verifies one large file with `ca sign` / `ca verify` and with `openssl cms`, side by
# side in one run, on the same certificate and key (P-256): wall time, throughput and peak RSS
# of each, and the ratios; SHA-256 alone (`openssl dgst`) as the ceiling.
#
#   bench/sign-vs-openssl.sh [MiB]        (default 1024: a 1 GiB file)
set -euo pipefail
MIB=${1:-1024}
source "$(dirname "$0")/common.sh"
build_release
make_work
cd "$WORK"

measure() { # label command...: prints "seconds peak_MB" of the command
    /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>err.out \
        || { echo "$1 failed:" >&2; cat err.out >&2; exit 1; }
    awk '{printf "%s %.1f\n", $1, $2 / 1024}' time.out
}

"$CA" --home home init --subject "CN=Bench CA,C=RU" >/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out signer.key 2>/dev/null
openssl req -new -key signer.key -subj "/CN=Signer/C=RU" -out signer.csr
"$CA" --home home issue --csr signer.csr --out signer.pem >/dev/null 2>&1
echo "writing a $MIB MiB file ..." >&2
head -c "$((MIB * 1024 * 1024))" /dev/urandom > big.bin
cat big.bin > /dev/null # into the page cache for everyone

read -r t_sha _ <<<"$(measure openssl dgst -sha256 big.bin)"
read -r t_ours m_ours <<<"$(measure "$CA" sign --cert signer.pem --key signer.key --out ours.sig big.bin)"
read -r t_ossl m_ossl <<<"$(measure openssl cms -sign -binary -outform DER -in big.bin \
    -signer signer.pem -inkey signer.key -out ossl.sig)"
read -r tv_ours mv_ours <<<"$(measure "$CA" verify --sig ours.sig --trust home/ca.pem --revocation off big.bin)"
read -r tv_ossl mv_ossl <<<"$(measure openssl cms -verify -binary -inform DER -in ours.sig \
    -content big.bin -CAfile home/ca.pem -out /dev/null)"
read -r tx_ours _ <<<"$(measure "$CA" verify --sig ossl.sig --trust home/ca.pem --revocation off big.bin)"

rate() { python3 -c "print('%.0f MB/s' % ($MIB * 1.048576 / max($1, 0.001)))"; }
ratio() { python3 -c "print('%.2fx' % ($2 / max($1, 0.001)))"; }
echo "$MIB MiB, $(nproc) cores; SHA-256 alone (openssl dgst): ${t_sha} s, $(rate "$t_sha")"
printf 'sign    ours %6s s %9s %6s MB peak | openssl cms %6s s %9s %6s MB peak | ours faster by %s\n' \
    "$t_ours" "$(rate "$t_ours")" "$m_ours" "$t_ossl" "$(rate "$t_ossl")" "$m_ossl" "$(ratio "$t_ours" "$t_ossl")"
printf 'verify  ours %6s s %9s %6s MB peak | openssl cms %6s s %9s %6s MB peak | ours faster by %s\n' \
    "$tv_ours" "$(rate "$tv_ours")" "$mv_ours" "$tv_ossl" "$(rate "$tv_ossl")" "$mv_ossl" "$(ratio "$tv_ours" "$tv_ossl")"
echo "ca verify of openssl's signature: ${tx_ours} s"
