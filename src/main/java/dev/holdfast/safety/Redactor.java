package dev.holdfast.safety;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text that leaves the process (log lines, alert bodies, health details): presigned URL
 * signatures and credentials, bearer and basic tokens, and {@code secret=}/{@code password=}-style values.
 * Camel's own sanitiser does not know the S3 and CloudFront query parameters.
 */
public final class Redactor {

    static final String MASK = "xxxxxx";

    // query or form parameters whose value is a credential (case-insensitive), up to the next separator
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)\\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|Policy|Key-Pair-Id"
                    + "|client_secret|access_token|refresh_token|password|secret|token)=([^&\\s\"',;]+)");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{6,}");

    private Redactor() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher parameters = PARAMETER.matcher(text);
        String masked = parameters.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return AUTHORIZATION.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
    }
}
