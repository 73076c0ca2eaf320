package dev.holdfast.discover;

import java.time.Instant;

/** The half-open window {@code [from, to)}: a conversation is in it when its {@code conversationStart} is. */
public record Window(Instant from, Instant to) {

    public Window {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window start " + from + " is not before its end " + to);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    @Override
    public String toString() {
        return from + "/" + to;
    }
}
