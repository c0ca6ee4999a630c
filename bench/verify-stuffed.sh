#!/usr/bin/env bash
# A signature stuffed with N distinct certificates (default 20,000, ~6 MB), made by
# `openssl cms -sign -certfile`: `ca verify` and `openssl cms -verify` on it, side by side in
# one run (wall time, peak RSS), and `ca verify` on the same document's honest signature.
#
#   bench/verify-stuffed.sh [N]
set -euo pipefail
N=${1:-20000}
source "$(dirname "$0")/common.sh"
build_release
make_work
cd "$WORK"

measure() { # command...: prints "seconds peak_MB" (the command may exit 1: a verdict)
    /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>err.out || true
    awk '{printf "%s %.1f\n", $1, $2 / 1024}' time.out
}

"$CA" --home home init --subject "CN=Bench CA,C=RU" >/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out signer.key 2>/dev/null
openssl req -new -key signer.key -subj "/CN=Signer/C=RU" -out signer.csr
"$CA" --home home issue --csr signer.csr --out signer.pem >/dev/null 2>&1
echo "an application" > doc.txt
# N distinct certificates: the CA certificate with its serial number changed (bytes 15 on are the
# serial of a DER certificate after SEQUENCE, SEQUENCE, [0] version, INTEGER; 17-20 are set).
openssl x509 -in home/ca.pem -outform DER -out ca.der
python3 - "$N" <<'PY'
import base64, sys
n = int(sys.argv[1])
der = bytearray(open("ca.der", "rb").read())
with open("many.pem", "w") as out:
    for i in range(n):
        der[17:21] = i.to_bytes(4, "big")
        body = base64.encodebytes(bytes(der)).decode()
        out.write("-----BEGIN CERTIFICATE-----\n" + body + "-----END CERTIFICATE-----\n")
PY
openssl cms -sign -binary -outform DER -in doc.txt -signer signer.pem -inkey signer.key \
    -certfile many.pem -out stuffed.sig
"$CA" sign --cert signer.pem --key signer.key --out honest.sig doc.txt >/dev/null
size=$(stat -c %s stuffed.sig)

read -r t_ours m_ours <<<"$(measure "$CA" verify --sig stuffed.sig --trust home/ca.pem --revocation off doc.txt)"
"$CA" verify --sig stuffed.sig --trust home/ca.pem --revocation off doc.txt | grep -E "VALID|note" >&2 || true
read -r t_ossl m_ossl <<<"$(measure openssl cms -verify -binary -inform DER -in stuffed.sig \
    -content doc.txt -CAfile home/ca.pem -out /dev/null)"
read -r t_honest m_honest <<<"$(measure "$CA" verify --sig honest.sig --trust home/ca.pem --revocation off doc.txt)"

echo "a signature carrying $N certificates ($size bytes)"
printf "%-28s %8s s %8s MB\n" "ca verify (stuffed)" "$t_ours" "$m_ours"
printf "%-28s %8s s %8s MB\n" "openssl cms -verify (stuffed)" "$t_ossl" "$m_ossl"
printf "%-28s %8s s %8s MB\n" "ca verify (honest)" "$t_honest" "$m_honest"
awk -v a="$t_ossl" -v b="$t_ours" 'BEGIN { if (b > 0) printf "openssl / ours: %.2fx\n", a / b }'
