package io.day2ops.dr.k8s;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a drill's {@code httpChecks} may go: http(s) URLs whose host is on the allow list, and whose addresses are
 * not link-local (169.254.0.0/16 and fe80::/10, where cloud metadata services answer), not the wildcard address, and
 * not loopback unless loopback is explicitly allowed. A drill request names URLs; without this fence, anyone who can
 * publish one could make dr-service fetch the metadata service or an internal admin page.
 */
public final class HttpCheckFence {

    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata");

    private final List<String> allowedHosts;
    private final boolean allowLoopback;

    public HttpCheckFence(List<String> allowedHosts, boolean allowLoopback) {
        this.allowedHosts =
                allowedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        this.allowLoopback = allowLoopback;
    }

    /**
     * Why {@code url} may not be checked, judged on the URL alone (scheme, host, allow list), or null: no DNS, so it
     * can run anywhere, and a drill asking for a fenced URL fails at once.
     */
    public String refusalByName(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "not a URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "refused: only http and https URLs are checked";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(host)) {
            return "refused: " + host + " is a cloud metadata service";
        }
        if (!allowed(host)) {
            return "refused: host '" + host + "' is not in day2.drill.http-check-hosts"
                    + (allowedHosts.isEmpty() ? " (empty: httpChecks are off)" : " " + allowedHosts);
        }
        return null;
    }

    /**
     * Why {@code url} may not be checked, or null when it may: {@link #refusalByName} plus the addresses the host
     * resolves to now (the answer the check would use). Blocking.
     */
    public String refusal(String url) {
        String byName = refusalByName(url);
        if (byName != null) {
            return byName;
        }
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "did not answer: unknown host " + host;
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress()) {
                return "refused: " + host + " resolves to the link-local address " + address.getHostAddress()
                        + " (where cloud metadata services answer)";
            }
            if (address.isAnyLocalAddress()) {
                return "refused: " + host + " resolves to the wildcard address " + address.getHostAddress();
            }
            if (address.isLoopbackAddress() && !allowLoopback) {
                return "refused: " + host + " resolves to the loopback address " + address.getHostAddress()
                        + " (day2.drill.http-check-allow-loopback is off)";
            }
        }
        return null;
    }

    private boolean allowed(String host) {
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
