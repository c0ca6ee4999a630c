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

# CA_KEY (default p256) is the key of the CA a bench makes with `ca init`; with a GOST key
# (gost2012-256[:X], gost2012-512[:X]) every openssl call of the bench loads the gost engine.
CA_KEY=${CA_KEY:-p256}
use_gost_engine_if_needed() {
    case "$CA_KEY" in
    gost*)
        local engines
        engines=$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"/\1/p')
        printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "engines = engine_section" \
            "[engine_section]" "gost = gost_section" "[gost_section]" "engine_id = gost" \
            "dynamic_path = $engines/gost.so" "default_algorithms = ALL" > "$WORK/gost-engine.cnf"
        export OPENSSL_CONF="$WORK/gost-engine.cnf"
        ;;
    esac
}
