#!/usr/bin/env bash
# The time-stamping authority of `ocsp-server` (POST /tsp) under wrk: tokens per second with
# p50/p99 latency, every answer checked to be a granted token first; then `ca sign --tsa` of a
# large file against it: throughput and peak RSS.
#
#   bench/tsa.sh [SECONDS] [CONNECTIONS] [SIGN_MIB]     (default 10 s, 32 connections, 1024 MiB)
# CA_KEY=gost2012-256 (or any `ca init --key`) benches a CA, and so a TSA, with that key.
set -euo pipefail
DURATION=${1:-10}
CONNS=${2:-32}
SIGN_MIB=${3:-1024}
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
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

"$CA" --home home init --key "$CA_KEY" --subject "CN=Bench CA,C=RU" >/dev/null
"$CA" --home home tsa-signer >/dev/null
PORT=$(free_port)
"$SERVER" --listen "127.0.0.1:$PORT" --data replica --ca-cert home/ca.pem \
    --signer-cert home/ocsp/signer.pem --signer-key home/ocsp/signer.key \
    --tsa-cert home/tsa/signer.pem --tsa-key home/tsa/signer.key 2>server.log &
PIDS+=($!)
wait_port "$PORT"

# One query (SHA-256, certReq): each token is signed afresh (a TSA caches nothing).
echo "an application" > data.txt
openssl ts -query -data data.txt -sha256 -cert -out query.tsq 2>/dev/null
curl -s --data-binary @query.tsq -H 'Content-Type: application/timestamp-query' \
    "http://127.0.0.1:$PORT/tsp" -o reply.tsr
openssl ts -verify -queryfile query.tsq -in reply.tsr -CAfile home/ca.pem 2>&1 \
    | grep -q "Verification: OK" || { echo "the TSA's token does not verify" >&2; exit 1; }

cat > post.lua <<'LUA'
local f = assert(io.open(os.getenv("REQ"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/timestamp-query"
wrk.body = f:read("*a")
f:close()
LUA
REQ=query.tsq wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s post.lua "http://127.0.0.1:$PORT/tsp" \
    > wrk.out 2>&1 || true
python3 - wrk.out "$CA_KEY" "$CONNS" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    if not m:
        return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
print("POST /tsp (%s TSA, %s connections): %.0f tokens/s, p50 %.2f ms, p99 %.2f ms, errors %d"
      % (sys.argv[2], sys.argv[3], rate, ms("50"), ms("99"), errors))
PY
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^tsa_tokens_total'

# ca sign --tsa of a large file: throughput and peak RSS.
"$CA" --home home --json enroll --subject "CN=Signer,C=RU" --key "$CA_KEY" --out signer \
    > enrolled.json
PIN=$(python3 -c 'import json; print(json.load(open("enrolled.json"))["pin"])')
CERT=$(python3 -c 'import json; print(json.load(open("enrolled.json"))["files"][0])')
KEY=$(python3 -c 'import json; print(json.load(open("enrolled.json"))["files"][1])')
head -c "$((SIGN_MIB * 1024 * 1024))" /dev/zero > big.bin
cat big.bin > /dev/null # in the page cache, as a file just received would be
/usr/bin/time -f "%e %M" -o sign.time env CA_KEY_PASSPHRASE="$PIN" \
    "$CA" sign --cert "$CERT" --key "$KEY" --tsa "http://127.0.0.1:$PORT/tsp" --out big.sig big.bin \
    >/dev/null
read -r SECS KB < sign.time
python3 -c "import sys; s=float(sys.argv[1]); print('ca sign --tsa of %d MiB: %.2f s, %.0f MB/s, peak RSS %.1f MB' % (int(sys.argv[3]), s, int(sys.argv[3])*1.048576/s, int(sys.argv[2])/1024))" \
    "$SECS" "$KB" "$SIGN_MIB"
