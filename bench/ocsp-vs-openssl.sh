#!/usr/bin/env bash
# Our `ocsp-server` and `openssl ocsp` (as a responder, -multi 2) side by side in one run, on the
# same certificate and signer, each loaded by wrk over the same connections; nonce-less and
# with a fresh nonce per request. Prints both rates, p50/p99 latency and the ratios, then ours
# again with idle and slow clients attached, and at a fixed 10,000 requests/s (oha).
#
#   bench/ocsp-vs-openssl.sh [SECONDS] [CONNECTIONS]         (default 10 s, 32 connections)
#   BIG_HOME=DIR bench/ocsp-vs-openssl.sh ...
#       also loads a responder fed the full snapshot of BIG_HOME (a home filled with
#       ca-core/examples/fill_register.rs, CA_PASSPHRASE as for that home) and reports its
#       peak RSS.
set -euo pipefail
# CA_KEY=gost2012-256 (or any `ca init --key`) benches a CA with that key (see common.sh).
DURATION=${1:-10}
CONNS=${2:-32}
source "$(dirname "$0")/common.sh"
build_release
cargo build --release --locked -p ocsp-server --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
SERVER="$ROOT/target/release/ocsp-server"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
make_work
use_gost_engine_if_needed
cd "$WORK"
PIDS=()
cleanup() {
    stop_openssl
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# --- one CA, one certificate, our responder fed by push ---
"$CA" --home home init --key "$CA_KEY" --subject "CN=Bench CA,C=RU" >/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
    -subj "/CN=Holder/C=RU" -out holder.csr 2>/dev/null
"$CA" --home home issue --csr holder.csr --out holder.pem >/dev/null
OURS=$(free_port)
"$SERVER" --listen "127.0.0.1:$OURS" --data ours --ca-cert home/ca.pem \
    --signer-cert home/ocsp/signer.pem --signer-key home/ocsp/signer.key 2>ours.log &
PIDS+=($!)
wait_port "$OURS"
"$CA" --home home responder add "http://127.0.0.1:$OURS" >/dev/null 2>&1

# --- openssl ocsp on the same certificate and signer ---
SERIAL=$(openssl x509 -in holder.pem -noout -serial | cut -d= -f2)
EXPIRY=$(date -u -d "$(openssl x509 -in holder.pem -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t%s\tunknown\t/CN=Holder/C=RU\n' "$EXPIRY" "$SERIAL" > index.txt
# A fresh one for every load: wrk ends a run by dropping connections, some accepted and not yet
# sent on, and such a connection stops an openssl responder process for good. (Hence no
# wait_port either: it connects and sends nothing.)
OSSL_PID=
# Its -multi children first: once the parent is gone they are no longer its children, and a
# child stopped by a silent connection spins at 100 % of a core, skewing what runs after.
stop_openssl() {
    if [ -n "$OSSL_PID" ]; then
        pkill -P "$OSSL_PID" 2>/dev/null || true
        kill "$OSSL_PID" 2>/dev/null || true
        OSSL_PID=
    fi
}
start_openssl() {
    stop_openssl
    OSSL=$(free_port)
    openssl ocsp -index index.txt -port "$OSSL" -rsigner home/ocsp/signer.pem \
        -rkey home/ocsp/signer.key -CA home/ca.pem -nmin 60 -multi 2 >>ossl.log 2>&1 &
    OSSL_PID=$!
    PIDS+=($OSSL_PID)
    sleep 1
}
start_openssl

# --- the two requests, checked against both responders ---
openssl ocsp -issuer home/ca.pem -cert holder.pem -no_nonce -reqout plain.der 2>/dev/null
openssl ocsp -issuer home/ca.pem -cert holder.pem -reqout nonce.der 2>/dev/null
for port in "$OURS" "$OSSL"; do
    openssl ocsp -issuer home/ca.pem -cert holder.pem -url "http://127.0.0.1:$port/" \
        -CAfile home/ca.pem 2>&1 | grep -q "holder.pem: good" \
        || { echo "the responder on $port does not answer good" >&2; exit 1; }
done

# wrk: POST the request. With FRESH=1 every request carries another nonce (the request's last
# 16 bytes): 4,096 per thread, made in advance so that Lua does not slow wrk down, cycled (a
# responder caches no answer to a request with a nonce, so each one is signed afresh).
# wrk.resolve is replaced so that wrk does not open (and drop) a probe connection, which stops
# an `openssl ocsp` responder process for good.
cat > post.lua <<'LUA'
wrk.resolve = function(host, service) wrk.addrs = wrk.lookup(host, service) end
local f = assert(io.open(os.getenv("REQ"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/ocsp-request"
wrk.body = body
if os.getenv("FRESH") == "1" then
    local threads = 0
    function setup(thread)
        threads = threads + 1
        thread:set("salt", threads)
    end
    local pool, next_one = {}, 0
    function init(args)
        local prefix = body:sub(1, #body - 16)
        for i = 1, 4096 do
            pool[i] = wrk.format(nil, nil, nil, prefix .. string.format("%04x%012x", salt, i))
        end
    end
    function request()
        next_one = next_one % 4096 + 1
        return pool[next_one]
    end
end
LUA

# Runs wrk; prints "rate p50_ms p99_ms errors".
load() { # url request fresh [extra wrk args...]
    local url=$1 req=$2 fresh=$3
    shift 3
    REQ=$req FRESH=$fresh wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s post.lua "$@" "$url" \
        > wrk.out 2>&1 || true
    python3 - wrk.out <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    if not m:
        return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
print("%.0f %.2f %.2f %d" % (float(rate.group(1)) if rate else 0, ms("50"), ms("99"), errors))
PY
}

row() { # label ours_result ossl_result
    read -r r1 p50a p99a e1 <<<"$2"
    read -r r2 p50b p99b e2 <<<"$3"
    ratio=$(python3 -c "print('%.1fx' % ($r1 / $r2) if $r2 > 0 else 'n/a')")
    printf '%-12s ours %7s/s p50 %5s ms p99 %6s ms (errors %s) | openssl %6s/s p50 %5s ms p99 %6s ms (errors %s) | %s\n' \
        "$1" "$r1" "$p50a" "$p99a" "$e1" "$r2" "$p50b" "$p99b" "$e2" "$ratio"
}

echo "$(nproc) cores, ${DURATION}s per run, $CONNS connections, wrk -t2 on the same machine"
ours_plain=$(load "http://127.0.0.1:$OURS/" plain.der 0)
start_openssl
ossl_plain=$(load "http://127.0.0.1:$OSSL/" plain.der 0)
row "nonce-less" "$ours_plain" "$ossl_plain"
ours_nonce=$(load "http://127.0.0.1:$OURS/" nonce.der 1)
start_openssl
ossl_nonce=$(load "http://127.0.0.1:$OSSL/" nonce.der 1)
row "fresh nonce" "$ours_nonce" "$ossl_nonce"

# --- ours with 200 idle connections and 20 that send a byte a second ---
python3 - "$OURS" "$((DURATION + 5))" <<'PY' &
import socket, sys, time
port, seconds = int(sys.argv[1]), int(sys.argv[2])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
end = time.time() + seconds
while time.time() < end:
    for s in slow:
        try:
            s.send(b"P")
        except OSError:
            pass
    time.sleep(1)
PY
PIDS+=($!)
sleep 1
ours_plain_idle=$(load "http://127.0.0.1:$OURS/" plain.der 0)
read -r r p50 p99 e <<<"$ours_plain_idle"
printf '%-12s ours %7s/s p50 %5s ms p99 %6s ms (errors %s), nonce-less, with 200 idle and 20 slow clients\n' \
    "attacked" "$r" "$p50" "$p99" "$e"
wait "${PIDS[-1]}" 2>/dev/null || true

# --- ours at a fixed 10,000 requests/s (oha -q; `cargo install oha`): latency without saturation ---
if command -v oha >/dev/null; then
    for req in plain nonce; do
        oha --no-tui -z "${DURATION}s" -c "$CONNS" -q 10000 -m POST -D "$req.der" \
            -T application/ocsp-request --output-format json "http://127.0.0.1:$OURS/" > oha.json 2>/dev/null
        python3 - "$req" oha.json <<'PY'
import json, sys
d = json.load(open(sys.argv[2]))
s, p = d["summary"], d["latencyPercentiles"]
label = "nonce-less" if sys.argv[1] == "plain" else "fixed nonce"
print("%-12s ours at 10,000/s: %.0f/s p50 %.2f ms p99 %.2f ms p99.9 %.2f ms" % (
    "paced", s["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, p["p99.9"] * 1000) + ", " + label)
PY
    done
else
    echo "(oha not installed: no fixed-rate figure; cargo install oha)"
fi

if [ -n "${BIG_HOME:-}" ]; then
    entries=$("$CA" --home "$BIG_HOME" --json publish --out big.bin | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])')
    BIG=$(free_port)
    "$SERVER" import big.bin --data big --ca-cert "$BIG_HOME/ca.pem" >/dev/null
    "$SERVER" --listen "127.0.0.1:$BIG" --data big --ca-cert "$BIG_HOME/ca.pem" \
        --signer-cert "$BIG_HOME/ocsp/signer.pem" --signer-key "$BIG_HOME/ocsp/signer.key" 2>big.log &
    BIG_PID=$!
    PIDS+=($BIG_PID)
    wait_port "$BIG"
    CERT=$("$CA" --home "$BIG_HOME" --json list --subject "Applicant 7" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["serial"])')
    "$CA" --home "$BIG_HOME" show "$CERT" --pem > big.pem
    openssl ocsp -issuer "$BIG_HOME/ca.pem" -cert big.pem -no_nonce -reqout bigplain.der 2>/dev/null
    openssl ocsp -issuer "$BIG_HOME/ca.pem" -cert big.pem -reqout bignonce.der 2>/dev/null
    big_plain=$(load "http://127.0.0.1:$BIG/" bigplain.der 0)
    big_nonce=$(load "http://127.0.0.1:$BIG/" bignonce.der 1)
    rss=$(awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$BIG_PID/status")
    echo "replica of $entries certificates: nonce-less $big_plain | fresh nonce $big_nonce | peak RSS $rss"
fi
