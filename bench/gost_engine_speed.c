/* GOST R 34.10-2012 sign and verify rates of the gost engine for OpenSSL, in one process (the
 * engine is loaded through OPENSSL_CONF): the peer side of bench/gost-vs-openssl.sh.
 *
 *   gost_engine_speed KEY.pem DIGEST(md_gost12_256|md_gost12_512) SECONDS
 *
 * Prints "sign N/s verify N/s" over a 1 KiB message, as ca-core/examples/gost_speed.rs does. */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s KEY.pem DIGEST SECONDS\n", argv[0]);
        return 2;
    }
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_ENGINE_ALL_BUILTIN, NULL);
    FILE *f = fopen(argv[1], "r");
    EVP_PKEY *key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    const EVP_MD *md = EVP_get_digestbyname(argv[2]);
    double seconds = atof(argv[3]);
    if (!key || !md) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    unsigned char message[1024];
    memset(message, 'x', sizeof message);
    unsigned char signature[256];
    size_t length = 0;
    long signs = 0, verifies = 0;
    double start = now(), took;
    do {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        length = sizeof signature;
        if (EVP_DigestSignInit(ctx, NULL, md, NULL, key) != 1 ||
            EVP_DigestSign(ctx, signature, &length, message, sizeof message) != 1) {
            ERR_print_errors_fp(stderr);
            return 1;
        }
        EVP_MD_CTX_free(ctx);
        signs++;
    } while ((took = now() - start) < seconds);
    double sign_rate = signs / took;
    start = now();
    do {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        if (EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) != 1 ||
            EVP_DigestVerify(ctx, signature, length, message, sizeof message) != 1) {
            ERR_print_errors_fp(stderr);
            return 1;
        }
        EVP_MD_CTX_free(ctx);
        verifies++;
    } while ((took = now() - start) < seconds);
    printf("sign %.0f/s verify %.0f/s\n", sign_rate, verifies / took);
    return 0;
}
