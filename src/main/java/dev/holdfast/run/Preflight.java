package dev.holdfast.run;

import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.DestinationUnavailableException;
import dev.holdfast.genesys.TokenSource;

import java.io.IOException;

/**
 * Before a run touches anything: a Genesys token can be had and the destination answers. Either failing is
 * fatal for the run (exit 1) with a message naming what to fix, instead of every recording failing one by one.
 */
public final class Preflight {

    /** A key no run ever writes: asking for it proves the destination answers, whatever it holds. */
    private static final String PROBE_KEY = "holdfast-preflight-probe";

    private final TokenSource tokens;
    private final DestinationReader destination;

    public Preflight(TokenSource tokens, DestinationReader destination) {
        this.tokens = tokens;
        this.destination = destination;
    }

    public void check() throws DestinationUnavailableException {
        tokens.token();
        try {
            destination.stat(PROBE_KEY);
        } catch (DestinationUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DestinationUnavailableException("destination " + destination.describe() + " does not answer: "
                    + e.getMessage() + " (check holdfast.destination and its settings)", e);
        }
    }
}
