package dev.holdfast.timestamp;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/** Asks an RFC 3161 time-stamping authority, over HTTP, for a token over a SHA-256 digest. */
public final class TsaClient {

    private final URI url;
    private final String policy;
    private final HttpClient http;
    private final Duration timeout;
    private final SecureRandom nonces = new SecureRandom();

    /** @param policy the TSA policy OID to ask for, or blank for the TSA's default */
    public TsaClient(URI url, String policy, Duration timeout) {
        this.url = url;
        this.policy = policy;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A granted token over the digest: the DER TimeStampResp, as {@code openssl ts -verify -in} reads it. */
    public Stamp stamp(byte[] sha256) throws TsaUnavailableException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        // the TSA's certificate travels in the token: the token can then be checked with only the CA's
        generator.setCertReq(true);
        if (policy != null && !policy.isBlank()) {
            generator.setReqPolicy(policy);
        }
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, nonces));
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new TsaUnavailableException("the TSA answered HTTP " + answer.statusCode());
            }
            TimeStampResponse response = new TimeStampResponse(answer.body());
            if (response.getTimeStampToken() == null) {
                throw new TsaUnavailableException("the TSA granted no token (status " + response.getStatus() + ": "
                        + response.getStatusString() + ")");
            }
            // the same digest, our nonce, a signer certificate with the timeStamping purpose
            response.validate(request);
            return new Stamp(response.getEncoded(),
                    response.getTimeStampToken().getTimeStampInfo().getGenTime().toInstant());
        } catch (IOException | TSPException e) {
            // a refused connection has no message of its own: its kind says what happened
            throw new TsaUnavailableException("no timestamp from the TSA: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TsaUnavailableException("interrupted while asking the TSA");
        }
    }

    /** A token and the time the TSA put in it. */
    public record Stamp(byte[] response, Instant genTime) {
    }

    /** The TSA gave no usable token now; the bag stays sealed and the timestamp is asked for again later. */
    public static final class TsaUnavailableException extends Exception {
        public TsaUnavailableException(String message) {
            super(message);
        }
    }
}
