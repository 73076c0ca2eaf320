package dev.holdfast.testsupport;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real RFC 3161 time-stamping authority on loopback, built on Bouncy Castle: a test CA made at start certifies
 * its signing certificate (extended key usage timeStamping, critical, as RFC 3161 and openssl require). It can be
 * made to refuse service, as an unreachable TSA would.
 */
public final class TestTsa implements AutoCloseable {

    /** The policy this TSA states in its tokens. */
    public static final String POLICY = "1.3.6.1.4.1.55555.1.1";

    private final X509Certificate ca;
    private final TimeStampResponseGenerator responses;
    private final HttpServer server;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger granted = new AtomicInteger();
    private final AtomicLong serial = new AtomicLong(1);

    private TestTsa(X509Certificate ca, TimeStampResponseGenerator responses, HttpServer server) {
        this.ca = ca;
        this.responses = responses;
        this.server = server;
    }

    /** @param name the CN of its CA and TSA certificates (two TSAs with different names share no trust) */
    public static TestTsa start(String name) throws Exception {
        KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair caKeys = keys.generateKeyPair();
        KeyPair tsaKeys = keys.generateKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=" + name + " Test CA");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys.getPublic(), now)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate ca = sign(caBuilder, caKeys.getPrivate());
        X509v3CertificateBuilder tsaBuilder = builder(caName, new X500Name("CN=" + name + " TSA"), tsaKeys.getPublic(), now)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(tsaKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate tsaCert = sign(tsaBuilder, caKeys.getPrivate());

        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsaKeys.getPrivate(), tsaCert),
                new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier(POLICY));
        tokens.addCertificates(new JcaCertStore(List.of(tsaCert)));
        TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        TestTsa tsa = new TestTsa(ca, responses, server);
        server.createContext("/tsa", exchange -> {
            try (exchange) {
                if (tsa.down.get()) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                byte[] body;
                try {
                    TimeStampRequest request = new TimeStampRequest(exchange.getRequestBody().readAllBytes());
                    body = tsa.respond(request);
                } catch (Exception e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return tsa;
    }

    /** Where {@code holdfast.tsa.url} points. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";
    }

    /** Writes the CA certificate as PEM: the trust store of {@code verify} and the {@code -CAfile} of openssl. */
    public Path writeCa(Path file) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(ca);
        }
        Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** While down, every request is refused (HTTP 503), as by a TSA that cannot be reached. */
    public void down(boolean refuse) {
        down.set(refuse);
    }

    /** Tokens granted so far. */
    public int granted() {
        return granted.get();
    }

    /** A granted response over {@code data}'s SHA-256, made directly (a token this TSA issued for anyone). */
    public byte[] stamp(byte[] data) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return respond(generator.generate(TSPAlgorithms.SHA256, MessageDigest.getInstance("SHA-256").digest(data)));
    }

    private synchronized byte[] respond(TimeStampRequest request) throws Exception {
        byte[] response = responses.generate(request, BigInteger.valueOf(serial.getAndIncrement()), new Date()).getEncoded();
        granted.incrementAndGet();
        return response;
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
