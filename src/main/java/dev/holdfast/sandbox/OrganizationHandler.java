package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** GET /api/v2/organizations/me: the org the exporter names in its bags. */
final class OrganizationHandler {

    static final String NAME = "Holdfast Sandbox";
    static final String SHORT_NAME = "holdfast-sandbox";

    private final LiveOrg org;

    OrganizationHandler(LiveOrg org) {
        this.org = org;
    }

    void register(ApiRouter router) {
        router.route("GET", "/api/v2/organizations/me", this::me);
    }

    private Reply me(ApiCall call) {
        ObjectNode node = Json.object();
        node.put("id", org.seeded.orgId());
        node.put("name", NAME);
        node.put("defaultLanguage", "en-gb");
        node.put("defaultCountryCode", "GB");
        node.put("thirdPartyOrgName", SHORT_NAME);
        node.put("domain", SHORT_NAME);
        node.put("version", 1);
        node.put("state", "active");
        node.put("productPlatform", "GenesysCloud");
        node.put("selfUri", "/api/v2/organizations/" + org.seeded.orgId());
        return Reply.ok(node);
    }
}
