#!/usr/bin/env bash
# GOST R 34.10-2012 sign and verify per second, ours (ca_core::keys::gost) and the gost engine for
# OpenSSL (libengine-gost-openssl, driven in-process by bench/gost_engine_speed.c), side by side in
# one run, for every TC26 parameter set; a 1 KiB message, Streebog included on both sides.
#
#   bench/gost-vs-openssl.sh [SECONDS]      (default 3 per measurement; needs cc and libssl-dev)
set -euo pipefail
SECONDS_EACH=${1:-3}
source "$(dirname "$0")/common.sh"
cargo build --release --locked -p ca-core --example gost_speed --manifest-path "$ROOT/Cargo.toml" \
    >/dev/null 2>&1
make_work
cc -O2 -o "$WORK/engine_speed" "$ROOT/bench/gost_engine_speed.c" -lcrypto
engines=$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"/\1/p')
cat > "$WORK/gost.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
dynamic_path = $engines/gost.so
default_algorithms = ALL
CNF
export OPENSSL_CONF="$WORK/gost.cnf"
# "cold": ours verifying with a key it has not seen (each of 100 keys in turn: the per-key table and
# subgroup check are paid every time), against the same engine figure.
printf '%-16s %12s %12s %12s %12s %8s %8s %12s %8s\n' "set" "ours sign/s" "verify/s" "engine sign" "verify/s" "sign x" "verify x" "cold verify" "cold x"
for row in "gost2012-256:A gost2012_256 TCA md_gost12_256" "gost2012-256:B gost2012_256 TCB md_gost12_256" \
           "gost2012-256:C gost2012_256 TCC md_gost12_256" "gost2012-256:D gost2012_256 TCD md_gost12_256" \
           "gost2012-512:A gost2012_512 A md_gost12_512" "gost2012-512:B gost2012_512 B md_gost12_512" \
           "gost2012-512:C gost2012_512 C md_gost12_512"; do
    set -- $row
    read -r _ ours_sign _ ours_verify < <("$ROOT/target/release/examples/gost_speed" "$1" "$SECONDS_EACH" | tr '/s' '  ')
    read -r _ _ _ ours_cold < <("$ROOT/target/release/examples/gost_speed" "$1" "$SECONDS_EACH" cold | tr '/s' '  ')
    openssl genpkey -algorithm "$2" -pkeyopt "paramset:$3" -out "$WORK/key.pem" 2>/dev/null
    read -r _ theirs_sign _ theirs_verify < <("$WORK/engine_speed" "$WORK/key.pem" "$4" "$SECONDS_EACH" | tr '/s' '  ')
    printf '%-16s %12s %12s %12s %12s %7.2fx %7.2fx %12s %7.2fx\n' "$1" "$ours_sign" "$ours_verify" \
        "$theirs_sign" "$theirs_verify" "$(echo "$ours_sign / $theirs_sign" | bc -l)" \
        "$(echo "$ours_verify / $theirs_verify" | bc -l)" "$ours_cold" \
        "$(echo "$ours_cold / $theirs_verify" | bc -l)"
done
