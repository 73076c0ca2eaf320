package dev.holdfast.run;

import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.discover.Window;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One run of the exporter: its id (which names its bag), the window it covers, and who runs it.
 *
 * @param actor       the OAuth client id the run acts as (never the secret)
 * @param settleCheck a re-query of a settled window rather than a first look
 */
public record RunContext(String runId, Window window, String node, String actor, Instant startedAt, boolean settleCheck) {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param settleCheck the run re-queries a window whose analytics data has settled: what it finds is late */
    public static RunContext start(Window window, String node, String actor, Instant now, boolean settleCheck) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return new RunContext(ID_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix), window, node, actor, now,
                settleCheck);
    }

    public String bag() {
        return KeyBuilder.bagName(runId);
    }
}
