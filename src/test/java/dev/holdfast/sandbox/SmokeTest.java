package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mypurecloud.sdk.v2.api.OrganizationApi;
import com.mypurecloud.sdk.v2.model.Organization;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void org() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            Organization org = new OrganizationApi(http.sdk()).getOrganizationsMe();
            assertEquals("Holdfast Sandbox", org.getName());
            System.out.println(sandbox.groundTruth().held().size() + " held recs, " + sandbox.groundTruth().heldConversationIds().size());
        }
    }
}
