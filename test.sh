#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with Rust and openssl: installs the real peers
# the end-to-end tests run against (once; quick when they are there), then `cargo test`.
#
#   apt:  openssl, nginx-light (RFC 5019 cache), faketime (a key thief's clock), gnutls-bin
#         (certtool, ocsptool), libnss3-tools (certutil, cmsutil, vfychain, ocspclnt, crlutil),
#         libbcpkix-java with default-jre-headless (BouncyCastle), python3-venv,
#         libengine-gost-openssl (the gost engine: GOST keys, signatures, certificates),
#         man-db (man -l renders `ca man`), poppler-utils (pdftotext, pdftoppm read the
#         printed copy)
#   venv: target/peer-venv with pyHanko and gostcrypto (PyPI)
#
# Extra arguments go to cargo test (e.g. ./test.sh -p ca-tests trusted_time).
set -euo pipefail
cd "$(dirname "$0")"

packages=()
need_command() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need_file() { [ -e "$1" ] || packages+=("$2"); }
need_command openssl openssl
need_file /usr/sbin/nginx nginx-light
need_command faketime faketime
need_command man man-db
need_command pdftotext poppler-utils
need_command certtool gnutls-bin
need_command ocsptool gnutls-bin
need_command cmsutil libnss3-tools
need_command java default-jre-headless
need_file /usr/share/java/bcpkix.jar libbcpkix-java
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || packages+=(python3-venv)
need_file "$(openssl version -e 2>/dev/null | sed -n 's/^ENGINESDIR: "\(.*\)"/\1/p')/gost.so" \
    libengine-gost-openssl
if [ ${#packages[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "test.sh: installing ${packages[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${packages[@]}"
    # The Debian nginx package starts a system nginx on port 80; the tests run their own.
    if command -v systemctl >/dev/null 2>&1; then $sudo systemctl stop nginx >/dev/null 2>&1 || true; fi
fi

venv=target/peer-venv
if ! "$venv/bin/python" -c 'import pyhanko, gostcrypto' >/dev/null 2>&1; then
    echo "test.sh: making $venv with pyHanko and gostcrypto"
    mkdir -p target
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'pyhanko>=0.25,<1' 'gostcrypto==1.2.5'
fi

exec cargo test --workspace --locked "$@"
