# Shared by the bench scripts: build the release binaries, a work folder removed on exit, and
# an openssl CA key and certificate. Source it after `set -euo pipefail`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CA="$ROOT/target/release/ca"
export PASS="bench passphrase"
export CA_PASSPHRASE=${CA_PASSPHRASE:-$PASS}

# Builds `ca` (and the examples named as arguments) in release mode.
build_release() {
    cargo build --release --locked -p ca-cli --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
    for example in "$@"; do
        cargo build --release --locked -p ca-core --example "$example" \
            --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
    done
}

# A fresh work folder in $WORK, removed when the script exits.
make_work() {
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
}

# An openssl CA in folder $1: P-256 key under $PASS (ca.key) and self-signed ca.pem.
openssl_ca() {
    mkdir -p "$1"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass env:PASS \
        -out "$1/ca.key" 2>/dev/null
    openssl req -new -x509 -key "$1/ca.key" -passin env:PASS -subj "/CN=Bench openssl CA/C=RU" \
        -days 3650 -out "$1/ca.pem" 2>/dev/null
}
