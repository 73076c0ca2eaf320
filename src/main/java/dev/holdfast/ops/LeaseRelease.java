package dev.holdfast.ops;

import dev.holdfast.recording.Lifecycle;
import dev.holdfast.safety.Redactor;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Runs when the Camel context stops, after its routes have finished or been forced to stop: a recording this
 * node still holds goes back to pending at once (nothing of it is visible at the destination: deliveries write a
 * temporary name or a conditional put), so the next run, on any node, takes it up without waiting for the lease.
 */
final class LeaseRelease implements Service {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.shutdown");

    private final Lifecycle lifecycle;

    LeaseRelease(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void start() {
        // nothing held yet
    }

    @Override
    public void stop() {
        try {
            int released = lifecycle.releaseLeases();
            if (released > 0) {
                LOG.info("stopped with {} recordings in flight: they are pending again (reason interrupted)", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("in-flight recordings keep their lease until it expires: {}", Redactor.mask(e.getMessage()));
        }
    }
}
