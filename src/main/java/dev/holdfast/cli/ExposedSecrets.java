package dev.holdfast.cli;

import dev.holdfast.ops.console.ConsoleUsers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets given where the JVM shows them to anyone who can list processes or read its management view (the
 * console's {@code java.lang:type=Runtime}): its command line ({@code --key=value}) and its {@code -D} properties.
 * Each belongs in an environment variable instead.
 */
final class ExposedSecrets {

    /** The settings that are secrets, and the variable each is read from (Camel's rule, or the AWS SDK's). */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("genesys.client-secret", "GENESYS_CLIENT_SECRET");
        SECRETS.put("holdfast.sftp.password", "HOLDFAST_SFTP_PASSWORD");
        SECRETS.put("holdfast.db.password", "HOLDFAST_DB_PASSWORD");
        // the S3 credentials: the AWS SDK reads these system properties before its environment variables
        SECRETS.put("aws.accessKeyId", "AWS_ACCESS_KEY_ID");
        SECRETS.put("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY");
        SECRETS.put("aws.sessionToken", "AWS_SESSION_TOKEN");
    }

    private static final Pattern CONSOLE_PASSWORD = Pattern.compile("holdfast\\.console\\.([A-Za-z0-9._-]+)\\.password");

    private ExposedSecrets() {
    }

    /**
     * One line per secret found, naming where it was given and the variable to use instead (never its value).
     *
     * @param overrides the command line's {@code --key=value} settings
     * @param system    the JVM's system properties ({@code -Dkey=value})
     */
    static List<String> find(Map<String, String> overrides, Properties system) {
        List<String> found = new ArrayList<>();
        overrides.forEach((key, value) -> variable(key).filter(v -> !value.isBlank()).ifPresent(v ->
                found.add(key + " is given on the command line (--" + key + "=...): give it as the environment variable "
                        + v + " instead")));
        for (String key : system.stringPropertyNames()) {
            String value = system.getProperty(key);
            variable(key).filter(v -> value != null && !value.isBlank()).ifPresent(v ->
                    found.add(key + " is given as a JVM system property (-D" + key + "=...): give it as the environment "
                            + "variable " + v + " instead"));
        }
        return found;
    }

    private static Optional<String> variable(String key) {
        if (SECRETS.containsKey(key)) {
            return Optional.of(SECRETS.get(key));
        }
        Matcher console = CONSOLE_PASSWORD.matcher(key);
        return console.matches() ? Optional.of(ConsoleUsers.passwordVariable(console.group(1)))
                : Optional.empty();
    }
}
