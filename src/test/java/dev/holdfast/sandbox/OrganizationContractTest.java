package dev.holdfast.sandbox;

import static dev.holdfast.sandbox.AnalyticsContractTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mypurecloud.sdk.v2.ApiResponse;
import com.mypurecloud.sdk.v2.api.OrganizationApi;
import com.mypurecloud.sdk.v2.api.RecordingApi;
import com.mypurecloud.sdk.v2.model.AddressableEntityRef;
import com.mypurecloud.sdk.v2.model.ConversationDeletionProtectionQuery;
import com.mypurecloud.sdk.v2.model.Organization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrganizationContractTest {

    @Test
    void organizations_me_names_the_seeded_org() throws Exception {
        try (GenesysSandbox a = GenesysSandbox.start(Scenario.defaults(61L), "127.0.0.1", 0);
             GenesysSandbox b = GenesysSandbox.start(Scenario.defaults(61L), "127.0.0.1", 0)) {
            Organization orgA = new OrganizationApi(new SandboxHttp(a).sdk()).getOrganizationsMe();
            Organization orgB = new OrganizationApi(new SandboxHttp(b).sdk()).getOrganizationsMe();
            assertEquals(orgA.getId(), orgB.getId());
            assertEquals("/api/v2/organizations/" + orgA.getId(), orgA.getSelfUri());
            assertEquals(1, orgA.getVersion());
            // started a few milliseconds apart: the same org, only the time anchor moved
            assertEquals(a.groundTruth().heldConversationIds(), b.groundTruth().heldConversationIds());
            assertEquals(a.groundTruth().held().stream().map(h -> h.recordingId() + h.directSha256() + h.batchSha256()).toList(),
                    b.groundTruth().held().stream().map(h -> h.recordingId() + h.directSha256() + h.batchSha256()).toList());
        }
    }

    @Test
    void deletion_protection_is_applied_listed_and_revoked() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(62L), "127.0.0.1", 0)) {
            RecordingApi api = new RecordingApi(new SandboxHttp(sandbox).sdk());
            List<String> held = sandbox.groundTruth().heldConversationIds();
            ConversationDeletionProtectionQuery two = new ConversationDeletionProtectionQuery().conversationIds(held.subList(0, 2));
            ApiResponse<Void> put = api.putRecordingsDeletionprotectionWithHttpInfo(true, two);
            assertEquals(204, put.getStatusCode());
            ConversationDeletionProtectionQuery three = new ConversationDeletionProtectionQuery().conversationIds(held.subList(0, 3));
            List<AddressableEntityRef> protectedOnes = api.postRecordingsDeletionprotection(three);
            assertEquals(held.subList(0, 2), protectedOnes.stream().map(AddressableEntityRef::getId).toList());
            assertEquals("/api/v2/conversations/" + held.get(0), protectedOnes.get(0).getSelfUri());
            api.putRecordingsDeletionprotection(false, new ConversationDeletionProtectionQuery().conversationIds(held.subList(0, 1)));
            assertEquals(List.of(held.get(1)), api.postRecordingsDeletionprotection(three).stream().map(AddressableEntityRef::getId).toList());
            List<String> tooMany = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                tooMany.add(held.get(0));
            }
            assertError(400, "bad.request", () -> {
                api.putRecordingsDeletionprotection(true, new ConversationDeletionProtectionQuery().conversationIds(tooMany));
                return null;
            });
        }
    }
}
