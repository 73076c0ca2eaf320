package dev.holdfast.sandbox;

/** PLACEHOLDER: the seeded scenario of the sandbox; the sandbox work fills this in. */
public final class Scenario {
    public static Scenario defaults(long seed) {
        return new Scenario();
    }
}
