package dev.holdfast.run;

import java.time.Instant;

/**
 * Keeps a held conversation whose id is not a Genesys UUID, terminal. The recording's lifecycle implements it: a
 * run records what it discovered and writes no recording's state itself.
 */
public interface RejectedConversations {

    void rejectConversation(RunContext run, String conversationId, Instant conversationStart);
}
