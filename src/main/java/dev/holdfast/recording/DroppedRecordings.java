package dev.holdfast.recording;

import dev.holdfast.config.RouteKeys;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The end of each recording's way through the routes: one that comes back without an outcome (no delivery, no
 * pending or terminal state, not another node's) was dropped by a route step an integration team added, and is
 * recorded as excluded by that route, never left pending for ever. Used by the splits that hand out recordings.
 */
public final class DroppedRecordings implements AggregationStrategy {

    private final Outcomes outcomes;

    public DroppedRecordings(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        // a failure the error handler did not handle stops the run: it is not a drop
        if (newExchange.getException() == null && newExchange.getProperty(RouteKeys.OUTCOME) == null
                && newExchange.getProperty(RouteKeys.WORK) != null) {
            outcomes.excluded(newExchange);
        }
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        if (newExchange.getException() != null && result.getException() == null) {
            result.setException(newExchange.getException());
        }
        return result;
    }
}
