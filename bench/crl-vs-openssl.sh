#!/usr/bin/env bash
# Times `ca crl` against `openssl ca -gencrl` with the same number N of revoked certificates,
# side by side in one run, reporting wall time and peak RSS of each.
#
#   bench/crl-vs-openssl.sh N [HOME]
#       HOME: a CA home already holding N revoked certificates (made with
#       `fill_register HOME N --revoked`, see ca-core/examples/fill_register.rs); without it one
#       is made here first (about 3,000 certificates/s).
set -euo pipefail
# CA_KEY=gost2012-256 (or any `ca init --key`) benches a CA with that key (see common.sh).
N=${1:?usage: bench/crl-vs-openssl.sh N [HOME]}
source "$(dirname "$0")/common.sh"
build_release fill_register
make_work
use_gost_engine_if_needed
HOME_DIR=${2:-}
if [[ -z "$HOME_DIR" ]]; then
    HOME_DIR="$WORK/home"
    "$CA" --home "$HOME_DIR" init --register redb --key "$CA_KEY" --subject "CN=CRL bench CA,C=RU" >/dev/null
    echo "filling a register with $N revoked certificates ..." >&2
    "$ROOT/target/release/examples/fill_register" "$HOME_DIR" "$N" --revoked >&2
fi

# openssl ca over an index.txt with the same number of revoked entries.
cd "$WORK"
openssl_ca ossl
cd ossl
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) printf "R\t361125000000Z\t261125000000Z,keyCompromise\t%032X\tunknown\t/CN=Applicant %d/C=RU\n", i, i }' > index.txt
echo 01 > crlnumber
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = $dir/index.txt
certificate = $dir/ca.pem
private_key = $dir/ca.key
crlnumber = $dir/crlnumber
default_md = sha256
default_crl_days = 1
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid
CNF
cd "$WORK"

measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }
read -r ours_s ours_kb < <(measure "$CA" --home "$HOME_DIR" crl --out "$WORK/ours.crl")
read -r theirs_s theirs_kb < <(cd ossl && measure openssl ca -gencrl -config ca.cnf -passin env:PASS -out "$WORK/theirs.crl")
entries=$(openssl crl -in "$WORK/ours.crl" -inform DER -noout -text | grep -c "Serial Number:")
openssl crl -in "$WORK/ours.crl" -inform DER -CAfile "$HOME_DIR/ca.pem" -noout 2>&1 | grep -q "verify OK"
printf '%-22s %10s %12s %10s\n' "N=$N" "wall s" "peak RSS MB" "entries"
printf '%-22s %10.2f %12.1f %10d\n' "ca crl" "$ours_s" "$(echo "$ours_kb / 1024" | bc -l)" "$entries"
printf '%-22s %10.2f %12.1f %10s\n' "openssl ca -gencrl" "$theirs_s" "$(echo "$theirs_kb / 1024" | bc -l)" "$N"
printf 'openssl/ca: time %.2fx, memory %.2fx\n' "$(echo "$theirs_s / $ours_s" | bc -l)" "$(echo "$theirs_kb / $ours_kb" | bc -l)"
