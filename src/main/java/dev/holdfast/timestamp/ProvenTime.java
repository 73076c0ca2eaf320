package dev.holdfast.timestamp;

import java.time.Instant;

/**
 * What a valid token proves: the bag's tag manifest existed, with these bytes, no later than {@code time}.
 *
 * @param tsa the subject of the TSA certificate that signed it
 */
public record ProvenTime(Instant time, String tsa) {
}
