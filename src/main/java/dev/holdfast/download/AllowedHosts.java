package dev.holdfast.download;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The media hosts Holdfast may fetch from ({@code holdfast.media.allowed-hosts}). Media URLs come from API
 * data, so each one is checked on its parsed host before any connection: https only, plain http only for a
 * loopback host (the sandbox), no user info, and the host on the list ({@code *.example.com} matches subdomains).
 */
public final class AllowedHosts {

    private final List<String> patterns;

    public AllowedHosts(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty()).toList();
    }

    public void check(URI url) {
        String host = url.getHost();
        if (host == null || url.getRawUserInfo() != null) {
            throw new MediaRejectedException("media URL has no plain host");
        }
        host = host.toLowerCase(Locale.ROOT);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(host))) {
            throw new MediaRejectedException("media URL on " + host + " is not https");
        }
        if (!allowed(host)) {
            throw new MediaRejectedException("media host " + host + " is not in holdfast.media.allowed-hosts");
        }
    }

    boolean allowed(String host) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1
                    : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // only literal addresses are judged here: a name is never resolved just to decide this
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            try {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
