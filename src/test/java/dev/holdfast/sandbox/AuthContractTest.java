package dev.holdfast.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mypurecloud.sdk.v2.ApiException;
import com.mypurecloud.sdk.v2.api.OrganizationApi;
import com.mypurecloud.sdk.v2.model.ErrorBody;
import com.mypurecloud.sdk.v2.model.Organization;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthContractTest {

    @Test
    void client_credentials_give_a_bearer_token_the_sdk_can_use() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            HttpResponse<String> response = http.tokenResponse("holdfast-demo", "holdfast-demo", "grant_type=client_credentials");
            assertEquals(200, response.statusCode());
            JsonNode token = SandboxHttp.json(response.body());
            assertEquals("bearer", token.get("token_type").asText());
            assertEquals(86400, token.get("expires_in").asLong());
            Organization org = new OrganizationApi(http.sdk(token.get("access_token").asText())).getOrganizationsMe();
            assertEquals("Holdfast Sandbox", org.getName());
            assertEquals("holdfast-sandbox", org.getThirdPartyOrgName());
            assertEquals(Organization.StateEnum.ACTIVE, org.getState());
            assertEquals(1, sandbox.journal().tokenRequests());
            assertEquals(1, sandbox.journal().apiRequests());
            assertEquals(1L, sandbox.journal().requestsByEndpoint().get("GET /api/v2/organizations/me"));
        }
    }

    @Test
    void wrong_credentials_and_wrong_grants_are_refused_like_genesys_login() {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            HttpResponse<String> wrong = http.tokenResponse("holdfast-demo", "nope", "grant_type=client_credentials");
            assertEquals(401, wrong.statusCode());
            assertEquals("invalid_client", SandboxHttp.json(wrong.body()).get("error").asText());
            assertTrue(SandboxHttp.json(wrong.body()).has("error_description"));
            HttpResponse<String> grant = http.tokenResponse("holdfast-demo", "holdfast-demo", "grant_type=password");
            assertEquals(400, grant.statusCode());
            assertEquals("unauthorized_client", SandboxHttp.json(grant.body()).get("error").asText());
        }
    }

    @Test
    void a_missing_or_unknown_token_is_401_authentication_required() {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            HttpResponse<String> none = http.get("/api/v2/organizations/me", null);
            assertEquals(401, none.statusCode());
            assertEquals("authentication.required", SandboxHttp.json(none.body()).get("code").asText());
            ApiException e = assertThrows(ApiException.class,
                    () -> new OrganizationApi(http.sdk("not-a-token")).getOrganizationsMe());
            assertEquals(401, e.getStatusCode());
            ErrorBody body = SandboxHttp.errorBody(e);
            assertEquals("authentication.required", body.getCode());
            assertEquals(401, body.getStatus());
            assertEquals(2, sandbox.journal().unauthorizedSent());
        }
    }

    @Test
    void an_expired_token_answers_401_bad_credentials() {
        Scenario shortLived = Scenario.builder(1L).tokenLifetime(Duration.ofSeconds(1)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(shortLived, "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            assertEquals(200, http.get("/api/v2/organizations/me", token).statusCode());
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/api/v2/organizations/me", token).statusCode() == 401);
            HttpResponse<String> expired = http.get("/api/v2/organizations/me", token);
            assertEquals("bad.credentials", SandboxHttp.json(expired.body()).get("code").asText());
            assertEquals(200, http.get("/api/v2/organizations/me", http.token()).statusCode());
        }
    }

    @Test
    void unknown_paths_are_404_not_found_and_malformed_json_is_400_bad_request() {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            HttpResponse<String> unknown = http.get("/api/v2/recordings/abc", token);
            assertEquals(404, unknown.statusCode());
            assertEquals("not.found", SandboxHttp.json(unknown.body()).get("code").asText());
            for (String body : new String[] {"{\"interval\":", "", "[1,2"}) {
                HttpResponse<String> bad = http.send("POST", "/api/v2/analytics/conversations/details/query", token, body);
                assertEquals(400, bad.statusCode(), body);
                JsonNode error = SandboxHttp.json(bad.body());
                assertEquals("bad.request", error.get("code").asText());
                assertEquals(400, error.get("status").asInt());
                assertTrue(error.has("contextId") && error.get("details").isArray() && error.get("errors").isArray());
                assertEquals(error.get("contextId").asText(), bad.headers().firstValue("ININ-Correlation-Id").orElseThrow());
            }
        }
    }
}
