package dev.holdfast.seal;

import dev.holdfast.custody.BagWriter;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.ledger.Timestamps;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.RunContext;
import dev.holdfast.run.RunSummary;
import dev.holdfast.timestamp.TsaClient;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gets each sealed bag an RFC 3161 timestamp over the SHA-256 of its {@code tagmanifest-sha256.txt}, written next
 * to it as {@code tagmanifest-sha256.txt.tsr}; a TSA that gives none leaves the timestamp pending, asked for again
 * on every later run (export exits 3 meanwhile). The custody log of a bag is sealed by its tag manifest before
 * the token exists, so the token's hash goes into the next bag's custody log, as its first event.
 */
public final class BagTimestamper {

    /** The token's file in the bag, next to the tag manifest it stamps. */
    public static final String TOKEN = BagWriter.TAGMANIFEST + ".tsr";

    private static final Logger LOG = LoggerFactory.getLogger(BagTimestamper.class);

    private final Timestamps timestamps;
    private final DestinationReader destination;
    private final CustodyRecorder custody;
    private final TsaClient tsa;

    /** @param tsa the time-stamping authority, or {@code null} when timestamps are off */
    public BagTimestamper(Timestamps timestamps, DestinationReader destination, CustodyRecorder custody, TsaClient tsa) {
        this.timestamps = timestamps;
        this.destination = destination;
        this.custody = custody;
        this.tsa = tsa;
    }

    /** A token to write into its bag. */
    public record Token(String bag, String key, byte[] response, String sha256, long size, Instant genTime) {
    }

    /**
     * At the start of a run: the tokens obtained since the last bag was planned become the first custody events
     * of this run's bag, so a later bag's log (sealed by its own tag manifest and token) fixes each token's bytes.
     */
    public void chainInto(RunContext run) {
        for (Timestamps.Done done : timestamps.unchained()) {
            if (timestamps.chain(done.bag(), run.bag())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("bag", done.bag());
                details.put("tokenSha256", done.tokenSha256());
                details.put("genTime", done.genTime().toString());
                details.put("tagManifestSha256", done.tagManifestSha256());
                custody.record(run, CustodyEvent.TIMESTAMPED, null, null, details);
            }
        }
    }

    /**
     * After sealing: the tokens to write now, for the bag just sealed and for every bag still pending. A TSA that
     * gives none leaves that bag pending; a token a dead run wrote but never recorded is taken as it is.
     */
    public List<Token> tokens(BagPlan plan) {
        if (tsa == null) {
            return List.of();
        }
        if (plan != null && plan.writes()) {
            plan.files().stream().filter(f -> f.key().equals(KeyBuilder.bagFile(plan.bag(), BagWriter.TAGMANIFEST))).findFirst()
                    .ifPresent(tagManifest -> timestamps.due(plan.bag(), tagManifest.sha256()));
        }
        List<Token> tokens = new ArrayList<>();
        for (Timestamps.Pending pending : timestamps.pending()) {
            String key = KeyBuilder.bagFile(pending.bag(), TOKEN);
            try {
                Optional<byte[]> there = alreadyThere(key, pending.tagManifestSha256());
                if (there.isPresent()) {
                    timestamps.done(pending.bag(), Sha256.of(there.get()), genTime(there.get()));
                    continue;
                }
                TsaClient.Stamp stamp = tsa.stamp(HexFormat.of().parseHex(pending.tagManifestSha256()));
                tokens.add(new Token(pending.bag(), key, stamp.response(), Sha256.of(stamp.response()),
                        stamp.response().length, stamp.genTime()));
            } catch (TsaClient.TsaUnavailableException e) {
                timestamps.failed(pending.bag(), e.getMessage());
                LOG.warn("bag {} sealed, its timestamp pending: {}", pending.bag(), e.getMessage());
            } catch (Exception e) {
                timestamps.failed(pending.bag(), String.valueOf(e.getMessage()));
                LOG.warn("bag {} sealed, its timestamp pending: {}", pending.bag(), e.toString());
            }
        }
        return tokens;
    }

    /** The token is at the destination, confirmed: the bag's timestamp is done. */
    public void delivered(Token token) {
        timestamps.done(token.bag(), token.sha256(), token.genTime());
        LOG.info("bag {} timestamped at {}", token.bag(), token.genTime());
    }

    /** The token could not be written: the bag's timestamp stays pending (the next run asks again). */
    public void notDelivered(Token token, Exception cause) {
        timestamps.failed(token.bag(), "the token could not be written: " + cause.getMessage());
        LOG.warn("bag {}: its timestamp could not be written, still pending: {}", token.bag(), cause.getMessage());
    }

    /** The run's reconciliation, with the timestamps still pending (export exits 3 while there are any). */
    public RunSummary summarize(RunSummary summary) {
        return tsa == null ? summary : summary.withTimestampsPending(timestamps.pendingCount());
    }

    /** A token at the destination over this tag manifest (written by a run that died before recording it). */
    private Optional<byte[]> alreadyThere(String key, String tagManifestSha256) throws Exception {
        if (destination.stat(key).isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = destination.open(key)) {
            bytes = in.readAllBytes();
        }
        TimeStampToken token = new TimeStampResponse(bytes).getTimeStampToken();
        if (token != null && HexFormat.of().formatHex(token.getTimeStampInfo().getMessageImprintDigest())
                .equals(tagManifestSha256)) {
            return Optional.of(bytes);
        }
        throw new IllegalStateException(key + " is there but is not a token over this bag's tag manifest");
    }

    private static Instant genTime(byte[] response) throws Exception {
        return new TimeStampResponse(response).getTimeStampToken().getTimeStampInfo().getGenTime().toInstant();
    }
}
