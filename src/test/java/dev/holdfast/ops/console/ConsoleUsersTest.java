package dev.holdfast.ops.console;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Console users come from the settings, their passwords from the environment. */
class ConsoleUsersTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void a_user_logs_in_with_the_password_from_the_environment_and_gets_the_configured_role() {
        ConsoleUsers users = ConsoleUsers.from(settings(Map.of("holdfast.console.users", "ops:operator, audit-1:viewer")),
                Map.of("HOLDFAST_CONSOLE_OPS_PASSWORD", "s3cret", "HOLDFAST_CONSOLE_AUDIT_1_PASSWORD", "r3ad")::get);
        assertEquals(Optional.of("operator"), users.authenticate("ops", "s3cret".toCharArray()));
        assertEquals(Optional.of("viewer"), users.authenticate("audit-1", "r3ad".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("ops", "r3ad".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("nobody", "s3cret".toCharArray()));
        assertEquals(List.of(), users.withoutPassword());
    }

    @Test
    void a_user_without_a_password_cannot_log_in_at_all() {
        ConsoleUsers users = ConsoleUsers.from(settings(Map.of("holdfast.console.users", "operator:operator")), name -> null);
        assertEquals(List.of("operator"), users.withoutPassword());
        assertEquals(Optional.empty(), users.authenticate("operator", new char[0]));
        assertEquals(Optional.empty(), users.authenticate("operator", "".toCharArray()));
    }

    @Test
    void an_unknown_role_is_a_configuration_error() {
        assertThrows(ConfigurationException.class,
                () -> ConsoleUsers.from(settings(Map.of("holdfast.console.users", "ops:admin")), name -> null));
    }
}
