//! Every object identifier ca-core names, in one place, grouped by where it comes from. (Lookup
//! tables of names — subject keywords, EKU names — keep their OIDs beside their names.)

use der::asn1::ObjectIdentifier as Oid;

// Hashes (NIST, OIW).
/// id-sha1.
pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
/// id-sha256.
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
/// id-sha384.
pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
/// id-sha512.
pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

// Keys and signatures (PKCS#1, X9.62).
/// rsaEncryption.
pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
/// sha256WithRSAEncryption.
pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
/// sha384WithRSAEncryption.
pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
/// sha512WithRSAEncryption.
pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
/// id-ecPublicKey.
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
/// prime256v1 (P-256).
pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1 (P-384).
pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
/// id-Ed25519 (RFC 8410), the key and its signature algorithm.
pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
/// ecdsa-with-SHA256.
pub const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
/// ecdsa-with-SHA384.
pub const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
/// ecdsa-with-SHA512.
pub const ECDSA_WITH_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");

// Password-based encryption (PKCS#5).
/// id-PBES2.
pub const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
/// id-PBKDF2.
pub const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
/// hmacWithSHA256.
pub const HMAC_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.2.9");
/// aes256-CBC.
pub const AES256_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.42");

// Certificate and CRL extensions (RFC 5280).
/// subjectKeyIdentifier.
pub const SUBJECT_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.14");
/// keyUsage.
pub const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
/// cRLReason.
pub const CRL_REASON: Oid = Oid::new_unwrap("2.5.29.21");
/// invalidityDate (RFC 5280 §5.3.2; x509-cert 0.2 has no type for it).
pub const INVALIDITY_DATE: Oid = Oid::new_unwrap("2.5.29.24");
/// deltaCRLIndicator.
pub const DELTA_CRL_INDICATOR: Oid = Oid::new_unwrap("2.5.29.27");
/// cRLDistributionPoints.
pub const CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
/// extKeyUsage.
pub const EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
/// authorityInfoAccess.
pub const AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
/// id-ad-ocsp.
pub const AD_OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
/// id-ad-caIssuers.
pub const AD_CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
/// id-kp-clientAuth.
pub const KP_CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
/// id-kp-emailProtection, the purpose of S/MIME signing certificates.
pub const KP_EMAIL_PROTECTION: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.4");
/// id-kp-timeStamping, the purpose of a time-stamping authority (RFC 3161 §2.3).
pub const KP_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
/// id-kp-OCSPSigning.
pub const KP_OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");
/// id-kp-documentSigning (RFC 9336), the purpose our signing profile names.
pub const KP_DOCUMENT_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.36");

// OCSP (RFC 6960).
/// id-pkix-ocsp-basic.
pub const OCSP_BASIC_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// id-pkix-ocsp-nonce.
pub const OCSP_NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// id-pkix-ocsp-nocheck.
pub const OCSP_NOCHECK: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.5");

// CMS (RFC 5652) and its attributes (RFC 5035, RFC 3161).
/// id-data.
pub const CMS_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
/// id-signedData.
pub const CMS_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
/// id-contentType.
pub const ATTR_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
/// id-messageDigest.
pub const ATTR_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
/// id-signingTime.
pub const ATTR_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
/// id-aa-signingCertificate (ESS, SHA-1).
pub const ATTR_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// id-aa-signatureTimeStampToken.
pub const ATTR_SIGNATURE_TIME_STAMP_TOKEN: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-aa-signingCertificateV2.
pub const ATTR_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-ets-certValues (RFC 5126, CAdES-X Long): certificates, an unsigned attribute.
pub const ATTR_CERTIFICATE_VALUES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.23");
/// id-aa-ets-revocationValues (RFC 5126, CAdES-X Long): CRLs and OCSP answers, unsigned.
pub const ATTR_REVOCATION_VALUES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.24");
/// id-ri-ocsp-response (RFC 5940): other revocation information that is an OCSPResponse.
pub const RI_OCSP_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.16.2");
/// id-ct-TSTInfo.
pub const CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");

// The Russian certificate profile (Приказ ФСБ № 795; ru-profile.md).
/// ОГРН.
pub const OGRN: Oid = Oid::new_unwrap("1.2.643.100.1");
/// СНИЛС.
pub const SNILS: Oid = Oid::new_unwrap("1.2.643.100.3");
/// ИНН of a legal entity.
pub const INN_LE: Oid = Oid::new_unwrap("1.2.643.100.4");
/// ОГРНИП.
pub const OGRNIP: Oid = Oid::new_unwrap("1.2.643.100.5");
/// ИНН of a natural person.
pub const INN: Oid = Oid::new_unwrap("1.2.643.3.131.1.1");
/// Class КС1 of the owner's signature tool, the class of a software key.
pub const POLICY_KC1: Oid = Oid::new_unwrap("1.2.643.100.113.1");
/// identificationKind (how the holder was identified).
pub const IDENTIFICATION_KIND: Oid = Oid::new_unwrap("1.2.643.100.114");

// GOST R 34.10-2012 and 34.11-2012 (RFC 9215, RFC 7836; CryptoPro's earlier names).
/// id-tc26-gost3410-12-256 (public key).
pub const GOST_2012_256: Oid = Oid::new_unwrap("1.2.643.7.1.1.1.1");
/// id-tc26-gost3410-12-512 (public key).
pub const GOST_2012_512: Oid = Oid::new_unwrap("1.2.643.7.1.1.1.2");
/// id-tc26-gost3411-12-256: Streebog-256.
pub const STREEBOG_256: Oid = Oid::new_unwrap("1.2.643.7.1.1.2.2");
/// id-tc26-gost3411-12-512: Streebog-512.
pub const STREEBOG_512: Oid = Oid::new_unwrap("1.2.643.7.1.1.2.3");
/// id-tc26-signwithdigest-gost3410-12-256.
pub const GOST_2012_256_WITH_STREEBOG_256: Oid = Oid::new_unwrap("1.2.643.7.1.1.3.2");
/// id-tc26-signwithdigest-gost3410-12-512.
pub const GOST_2012_512_WITH_STREEBOG_512: Oid = Oid::new_unwrap("1.2.643.7.1.1.3.3");
/// id-tc26-hmac-gost-3411-12-512: the PBKDF2 PRF of RFC 9337.
pub const HMAC_STREEBOG_512: Oid = Oid::new_unwrap("1.2.643.7.1.1.4.2");
/// id-gostr3412-2015-magma-ctracpkm (RFC 9337 §7.3).
pub const MAGMA_CTR_ACPKM: Oid = Oid::new_unwrap("1.2.643.7.1.1.5.1.1");
/// id-gostr3412-2015-kuznyechik-ctracpkm (RFC 9337 §7.3).
pub const KUZNYECHIK_CTR_ACPKM: Oid = Oid::new_unwrap("1.2.643.7.1.1.5.2.1");
/// id-tc26-gost-3410-12-256-paramSetA.
pub const GOST_256_PARAMSET_A: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.1.1");
/// id-tc26-gost-3410-12-256-paramSetB.
pub const GOST_256_PARAMSET_B: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.1.2");
/// id-tc26-gost-3410-12-256-paramSetC.
pub const GOST_256_PARAMSET_C: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.1.3");
/// id-tc26-gost-3410-12-256-paramSetD.
pub const GOST_256_PARAMSET_D: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.1.4");
/// id-tc26-gost-3410-12-512-paramSetTest.
pub const GOST_512_PARAMSET_TEST: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.2.0");
/// id-tc26-gost-3410-12-512-paramSetA.
pub const GOST_512_PARAMSET_A: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.2.1");
/// id-tc26-gost-3410-12-512-paramSetB.
pub const GOST_512_PARAMSET_B: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.2.2");
/// id-tc26-gost-3410-12-512-paramSetC.
pub const GOST_512_PARAMSET_C: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.2.3");
/// id-GostR3410-2001-TestParamSet (the RFC 7091 §7.1 curve).
pub const GOST_2001_TEST_PARAMSET: Oid = Oid::new_unwrap("1.2.643.2.2.35.0");
/// id-GostR3410-2001-CryptoPro-A-ParamSet (= TC26 256 B).
pub const CRYPTOPRO_A: Oid = Oid::new_unwrap("1.2.643.2.2.35.1");
/// id-GostR3410-2001-CryptoPro-B-ParamSet (= TC26 256 C).
pub const CRYPTOPRO_B: Oid = Oid::new_unwrap("1.2.643.2.2.35.2");
/// id-GostR3410-2001-CryptoPro-C-ParamSet (= TC26 256 D).
pub const CRYPTOPRO_C: Oid = Oid::new_unwrap("1.2.643.2.2.35.3");
/// id-GostR3410-2001-CryptoPro-XchA-ParamSet (= TC26 256 B).
pub const CRYPTOPRO_XCH_A: Oid = Oid::new_unwrap("1.2.643.2.2.36.0");
/// id-GostR3410-2001-CryptoPro-XchB-ParamSet (= TC26 256 D).
pub const CRYPTOPRO_XCH_B: Oid = Oid::new_unwrap("1.2.643.2.2.36.1");
