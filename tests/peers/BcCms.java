// BouncyCastle as a CMS peer for the end-to-end tests (run with `java -cp BC_JARS BcCms.java`):
//   sign CERT.pem KEY.pem DOC OUT   a detached SignedData, encoded as BouncyCastle does by
//                                   default (BER, indefinite lengths)
//   verify SIG DOC CA.pem           exit 0 and print VERIFIED when every signer verifies and
//                                   its certificate was issued by CA; exit 1 otherwise
import java.io.File;
import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

public class BcCms {
    public static void main(String[] args) throws Exception {
        Security.addProvider(new BouncyCastleProvider());
        switch (args[0]) {
            case "sign" -> sign(args[1], args[2], args[3], args[4]);
            case "verify" -> System.exit(verify(args[1], args[2], args[3]) ? 0 : 1);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static Object readPem(String path) throws Exception {
        try (PEMParser parser = new PEMParser(new FileReader(path))) {
            return parser.readObject();
        }
    }

    static X509Certificate certificate(String path) throws Exception {
        return new JcaX509CertificateConverter().setProvider("BC")
                .getCertificate((X509CertificateHolder) readPem(path));
    }

    static void sign(String cert, String key, String doc, String out) throws Exception {
        X509Certificate signerCert = certificate(cert);
        PrivateKey privateKey = new JcaPEMKeyConverter().setProvider("BC")
                .getPrivateKey((PrivateKeyInfo) readPem(key));
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider("BC").build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider("BC")
                        .build(privateKey), signerCert));
        generator.addCertificates(new JcaCertStore(List.of(signerCert)));
        CMSSignedData signed = generator.generate(new CMSProcessableFile(new File(doc)), false);
        Files.write(Path.of(out), signed.getEncoded());
    }

    static boolean verify(String sig, String doc, String ca) throws Exception {
        CMSSignedData signed = new CMSSignedData(new CMSProcessableFile(new File(doc)),
                Files.readAllBytes(Path.of(sig)));
        X509Certificate caCert = certificate(ca);
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            @SuppressWarnings("unchecked")
            X509CertificateHolder holder = (X509CertificateHolder) signed.getCertificates()
                    .getMatches(signer.getSID()).iterator().next();
            X509Certificate cert = new JcaX509CertificateConverter().setProvider("BC")
                    .getCertificate(holder);
            try {
                cert.verify(caCert.getPublicKey());
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC")
                        .build(cert))) {
                    System.out.println("NOT VERIFIED");
                    return false;
                }
            } catch (Exception e) {
                System.out.println("NOT VERIFIED: " + e);
                return false;
            }
        }
        System.out.println("VERIFIED");
        return true;
    }
}
