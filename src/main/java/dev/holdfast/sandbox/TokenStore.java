package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Issued access tokens: which client owns each, when it expires, and until when it was told to back off. */
final class TokenStore {

    /** One issued token. retryNotBefore is the instant its last 429 announced; guarded by the token itself. */
    static final class Token {
        final String value;
        final String clientId;
        final Instant expires;
        Instant retryNotBefore = Instant.MIN;
        long retryAnnouncedAt;
        /** Times (ms) of this token's admitted requests within the last minute. */
        final java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();

        Token(String value, String clientId, Instant expires) {
            this.value = value;
            this.clientId = clientId;
            this.expires = expires;
        }
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SplittableRandom random;
    private final Duration lifetime;

    TokenStore(long seed, Duration lifetime) {
        this.random = SeededOrg.stream(seed, 30);
        this.lifetime = lifetime;
    }

    Token issue(String clientId, Instant now) {
        byte[] bytes = new byte[32];
        synchronized (random) {
            for (int i = 0; i < bytes.length; i += 8) {
                long v = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    bytes[i + b] = (byte) (v >>> (8 * b));
                }
            }
        }
        Token token = new Token(HexFormat.of().formatHex(bytes), clientId, now.plus(lifetime));
        tokens.put(token.value, token);
        return token;
    }

    /** The whole seconds a client is told the token lives (at least 1). */
    long expiresInSeconds() {
        return Math.max(1, lifetime.toSeconds());
    }

    Token find(String value) {
        return value == null ? null : tokens.get(value);
    }
}
