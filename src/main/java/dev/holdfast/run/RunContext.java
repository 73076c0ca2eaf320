package dev.holdfast.run;

import dev.holdfast.discover.Window;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One run of the exporter: its id (which names its bag), the window it covers, and who runs it.
 *
 * @param actor the OAuth client id the run acts as (never the secret)
 */
public record RunContext(String runId, Window window, String node, String actor, Instant startedAt) {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static RunContext start(Window window, String node, String actor, Instant now) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return new RunContext(ID_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix), window, node, actor, now);
    }

    public String bag() {
        return "holdfast-" + runId;
    }
}
