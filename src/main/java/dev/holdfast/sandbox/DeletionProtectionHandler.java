package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Genesys' native legal hold: PUT/POST /api/v2/recordings/deletionprotection (at most 100 conversation ids). */
final class DeletionProtectionHandler {

    private static final int MAX_IDS = 100;
    private static final String PATH = "/api/v2/recordings/deletionprotection";

    private final LiveOrg org;

    DeletionProtectionHandler(LiveOrg org) {
        this.org = org;
    }

    void register(ApiRouter router) {
        router.route("PUT", PATH, this::apply);
        router.route("POST", PATH, this::query);
    }

    private Reply apply(ApiCall call) {
        String protect = call.query("protect");
        if (!"true".equals(protect) && !"false".equals(protect)) {
            throw ApiError.badRequest("The query parameter protect must be true or false.");
        }
        org.protect(ids(call), Boolean.parseBoolean(protect));
        return Reply.empty(204);
    }

    private Reply query(ApiCall call) {
        ArrayNode answer = Json.array();
        for (String id : ids(call)) {
            SeededConversation c = org.seeded.conversation(id);
            // protection does nothing for a conversation without recordings, so only those with some are listed
            if (c != null && !c.recordings().isEmpty() && org.isProtected(id)) {
                ObjectNode ref = answer.addObject();
                ref.put("id", id);
                ref.put("selfUri", "/api/v2/conversations/" + id);
            }
        }
        return Reply.ok(answer);
    }

    private static List<String> ids(ApiCall call) {
        JsonNode list = call.json().get("conversationIds");
        if (list == null || !list.isArray()) {
            throw ApiError.badRequest("conversationIds is required.");
        }
        if (list.size() > MAX_IDS) {
            throw ApiError.badRequest("The list of conversationIds cannot exceed 100 conversationids.");
        }
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.asText()));
        return ids;
    }
}
