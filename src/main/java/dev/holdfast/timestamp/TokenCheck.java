package dev.holdfast.timestamp;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an RFC 3161 token offline, against a trust store of CA certificates: its signature, the chain from
 * its signer to a trusted CA (valid at the token's time, the signer's timeStamping purpose critical), its message
 * imprint (the SHA-256 of the tag manifest) and its time. Revocation is not checked: offline there is no CRL.
 */
public final class TokenCheck {

    private final Set<TrustAnchor> anchors;
    private final Duration skew;

    private TokenCheck(Set<TrustAnchor> anchors, Duration skew) {
        this.anchors = anchors;
        this.skew = skew;
    }

    /**
     * @param trustStore a PEM file of trusted CA certificates
     * @param skew       how far the TSA's clock and ours may disagree
     */
    public static TokenCheck trusting(Path trustStore, Duration skew) throws IOException {
        Set<TrustAnchor> anchors = new HashSet<>();
        try (InputStream in = Files.newInputStream(trustStore)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.add(new TrustAnchor((X509Certificate) certificate, null));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the trust store " + trustStore + " is not a PEM file of certificates: " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new IOException("the trust store " + trustStore + " holds no certificate");
        }
        return new TokenCheck(anchors, skew);
    }

    /**
     * The time the token proves for {@code data}.
     *
     * @param notBefore the token cannot be older than this (the bag's last custody event), or {@code null}
     * @throws InvalidTokenException saying what does not hold
     */
    public ProvenTime check(byte[] tsr, byte[] data, Instant notBefore, Instant now) throws InvalidTokenException {
        TimeStampToken token;
        try {
            token = new TimeStampResponse(tsr).getTimeStampToken();
        } catch (Exception e) {
            throw new InvalidTokenException("not an RFC 3161 time-stamp response: " + e.getMessage());
        }
        if (token == null) {
            throw new InvalidTokenException("the response holds no granted token");
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
            throw new InvalidTokenException("its message imprint is not a SHA-256 (" + info.getMessageImprintAlgOID() + ")");
        }
        if (!MessageDigest.isEqual(info.getMessageImprintDigest(), sha256(data))) {
            throw new InvalidTokenException("its message imprint " + hex(info.getMessageImprintDigest())
                    + " does not match tagmanifest-sha256.txt (" + hex(sha256(data)) + "): the tag manifest is not the one timestamped");
        }
        Collection<X509CertificateHolder> signers = token.getCertificates().getMatches(token.getSID());
        if (signers.isEmpty()) {
            throw new InvalidTokenException("it carries no certificate of its signer");
        }
        X509CertificateHolder signer = signers.iterator().next();
        Instant time = info.getGenTime().toInstant();
        try {
            // signature, the signer's validity at the token's time, its critical timeStamping purpose, ESSCertID
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (Exception e) {
            throw new InvalidTokenException("its signature does not hold: " + e.getMessage());
        }
        chain(token, signer, time);
        if (time.isAfter(now.plus(skew))) {
            throw new InvalidTokenException("its time " + time + " is in the future");
        }
        if (notBefore != null && time.isBefore(notBefore.minus(skew))) {
            throw new InvalidTokenException("its time " + time + " is before the bag's last custody event (" + notBefore
                    + "): it cannot be a timestamp of this bag");
        }
        return new ProvenTime(time, signer.getSubject().toString());
    }

    private void chain(TimeStampToken token, X509CertificateHolder signer, Instant time) throws InvalidTokenException {
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            List<X509Certificate> carried = new ArrayList<>();
            for (X509CertificateHolder holder : token.getCertificates().getMatches(null)) {
                carried.add(converter.getCertificate(holder));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(converter.getCertificate(signer));
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(time));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("its signer " + signer.getSubject() + " does not chain to a CA of the trust store: "
                    + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    /** A token that proves nothing for the bag, and why. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
