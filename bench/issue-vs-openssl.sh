#!/usr/bin/env bash
# Issues N certificates from CSRs with `ca issue` and with `openssl ca`, one process per
# certificate as an officer would, side by side in one run, and prints both rates and the ratio.
#
#   bench/issue-vs-openssl.sh [N]            (default N=1000)
#   BIG_HOME=DIR BIG_ROWS=R BIG_PASSPHRASE=P bench/issue-vs-openssl.sh [N]
#       also times single issues into a large register: BIG_HOME is a CA home already filled
#       (ca-core/examples/fill_register.rs) with R certificates, and openssl ca runs against an
#       index.txt of R rows.
set -euo pipefail
N=${1:-1000}
source "$(dirname "$0")/common.sh"
build_release
make_work
cd "$WORK"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

echo "making $N P-256 CSRs with openssl req ..." >&2
mkdir csr
for i in $(seq 1 "$N"); do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
        -subj "/CN=Applicant $i/C=RU" -out "csr/$i.csr" 2>/dev/null
done

# --- ours ---
"$CA" --home home init --subject "CN=Bench CA,C=RU" --ocsp-url http://127.0.0.1:8080/ocsp \
    --crl-url http://127.0.0.1:8080/crl --ca-issuers-url http://127.0.0.1:8080/ca.pem >/dev/null

# --- openssl ca with the same profile ---
openssl_ca ossl
mkdir -p ossl/newcerts
cd ossl
: > index.txt
echo 01 > serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.pem
private_key = $dir/ca.key
serial = $dir/serial
default_md = sha256
policy = policy_any
default_days = 365
unique_subject = no
copy_extensions = none
x509_extensions = signing
[ policy_any ]
commonName = supplied
countryName = optional
[ signing ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, clientAuth, 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
certificatePolicies = 1.2.643.100.113.1
authorityInfoAccess = OCSP;URI:http://127.0.0.1:8080/ocsp, caIssuers;URI:http://127.0.0.1:8080/ca.pem
crlDistributionPoints = URI:http://127.0.0.1:8080/crl
CNF
cd ..

echo "issuing $N with ca issue ..." >&2
t0=$(now)
for i in $(seq 1 "$N"); do "$CA" --home home issue --csr "csr/$i.csr" --out "ours-$i.pem" >/dev/null; done
t1=$(now)
echo "issuing $N with openssl ca ..." >&2
for i in $(seq 1 "$N"); do
    (cd ossl && openssl ca -batch -config ca.cnf -rand_serial -notext -passin env:PASS \
        -in "../csr/$i.csr" -out "../ossl-$i.pem" 2>/dev/null)
done
t2=$(now)
ours=$(elapsed "$t0" "$t1"); theirs=$(elapsed "$t1" "$t2")
openssl verify -CAfile home/ca.pem "ours-$N.pem" >/dev/null
openssl verify -CAfile ossl/ca.pem "ossl-$N.pem" >/dev/null
printf '%-34s %8s %10s\n' "one process per certificate" "total s" "ms/cert"
printf '%-34s %8.2f %10.1f\n' "ca issue" "$ours" "$(echo "$ours * 1000 / $N" | bc -l)"
printf '%-34s %8.2f %10.1f\n' "openssl ca" "$theirs" "$(echo "$theirs * 1000 / $N" | bc -l)"
printf 'ratio openssl/ca: %.2f\n' "$(echo "$theirs / $ours" | bc -l)"

# Where the time of one `ca issue` goes: unlocking the key (scrypt) vs the rest.
hyperfine -N --warmup 3 --runs 30 --export-markdown /dev/null \
    "$CA --home home list --subject no-such-subject" 2>/dev/null | grep -E "Time|Range" | sed 's/^/ca list (log in, no CA key):       /' || true

if [[ -n "${BIG_HOME:-}" ]]; then
    R=${BIG_ROWS:?set BIG_ROWS to the number of certificates in BIG_HOME}
    echo "single issues into a register of $R certificates ..." >&2
    t0=$(now)
    for i in $(seq 1 20); do
        CA_PASSPHRASE=${BIG_PASSPHRASE:?} "$CA" --home "$BIG_HOME" issue --csr "csr/$i.csr" >/dev/null
    done
    t1=$(now)
    awk -v r="$R" 'BEGIN { for (i = 0; i < r; i++) printf "V\t361125000000Z\t\t%032X\tunknown\t/CN=Applicant %d/C=RU\n", i + 1, i }' > ossl/index.txt
    for i in $(seq 1 20); do
        (cd ossl && openssl ca -batch -config ca.cnf -rand_serial -notext -passin env:PASS \
            -in "../csr/$i.csr" -out /dev/null 2>/dev/null)
    done
    t2=$(now)
    printf 'register of %d: ca issue %.1f ms/cert, openssl ca %.1f ms/cert\n' "$R" \
        "$(echo "($t1 - $t0) * 50" | bc -l)" "$(echo "($t2 - $t1) * 50" | bc -l)"
fi
