package dev.holdfast.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.ledger.Ledger;

import java.util.Map;

/**
 * Appends each action on a recording to the ledger's custody events of the run's bag, with time, node and
 * actor (the OAuth client id); the bag's hash-chained {@code custody.jsonl} is written from them.
 */
public final class CustodyRecorder {

    private final Ledger ledger;
    private final ObjectMapper json;

    public CustodyRecorder(Ledger ledger, ObjectMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    public void record(RunContext run, String event, String conversationId, String recordingId, Map<String, ?> details) {
        if (run == null) {
            return; // outside a run (a unit test of a bean) there is no bag to record into
        }
        try {
            ledger.appendCustody(run.bag(), ledger.now(), event, conversationId, recordingId, run.actor(), run.node(),
                    details.isEmpty() ? null : json.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("custody details are not serialisable", e);
        }
    }
}
