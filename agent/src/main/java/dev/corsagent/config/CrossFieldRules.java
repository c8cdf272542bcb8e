package dev.corsagent.config;

import java.util.List;
import java.util.Map;

/**
 * The rules between keys, all in one place: what one value cannot say alone (SPEC: {@code *}
 * origins or exposed headers with credentials, {@code *} origins with
 * private network access, plain-http origins with credentials, a policy that
 * allows no origin, a policy no request can reach). Each policy is checked with the values it
 * ends up with, inherited ones included.
 */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    /**
     * Checks one policy's combination of values and reports what is wrong with it.
     *
     * @param source   the entry that set each key for this policy; null where the default applies
     * @param readOk   whether every entry of the policy was read without error
     * @return whether the policy is kept: {@code readOk} and no combination error
     */
    static boolean checkPolicy(PolicyConfig policy, Map<Setting.Policy<?>, PropertiesParser.Entry> source,
                               boolean explicitPolicies, boolean readOk, Problems problems) {
        boolean ok = readOk;
        PropertiesParser.Entry originsEntry = source.get(Keys.ALLOWED_ORIGINS);
        String where = explicitPolicies ? "policy '" + policy.name() + "': " : "";
        if (policy.allowCredentials()) {
            PropertiesParser.Entry credentialsEntry = source.get(Keys.ALLOW_CREDENTIALS);
            PropertiesParser.Entry exposedEntry = source.get(Keys.EXPOSED_HEADERS);
            String because = "cannot be combined with allow-credentials = true ("
                    + credentialsEntry.key + ", line " + credentialsEntry.line + ")";
            if (policy.allowedOrigins().contains("*")) {
                problems.error(originsEntry, prefixIfMixed(where, originsEntry, credentialsEntry) + "'*' " + because
                        + ": browsers refuse a credentialed answer with Access-Control-Allow-Origin: *; list the"
                        + " origins instead");
                ok = false;
            }
            if (policy.exposedHeaders().contains("*")) {
                problems.error(exposedEntry, prefixIfMixed(where, exposedEntry, credentialsEntry) + "'*' " + because
                        + ": with credentials browsers read '*' as a header literally named '*'; list the header"
                        + " names instead");
                ok = false;
            }
            for (String origin : policy.allowedOrigins()) {
                if (origin.startsWith("http://") && !isLoopback(origin.substring(7))) {
                    problems.warn(originsEntry, prefixIfMixed(where, originsEntry, credentialsEntry) + origin
                            + " is allowed with credentials over plain http, where anyone on the network can read"
                            + " or change the page");
                }
            }
        }
        if (policy.allowPrivateNetwork() && policy.allowedOrigins().contains("*")) {
            PropertiesParser.Entry networkEntry = source.get(Keys.ALLOW_PRIVATE_NETWORK);
            problems.error(originsEntry, prefixIfMixed(where, originsEntry, networkEntry) + "'*' cannot be combined"
                    + " with allow-private-network = true (" + networkEntry.key + ", line " + networkEntry.line
                    + "): every public page could then reach this private-network server; list the origins that"
                    + " may, or drop allow-private-network");
            ok = false;
        }
        if (policy.crossOriginProtection() != Mode.OFF && policy.allowedOrigins().contains("*")) {
            PropertiesParser.Entry protectionEntry = source.get(Keys.CROSS_ORIGIN_PROTECTION);
            problems.warn(protectionEntry, prefixIfMixed(where, protectionEntry, originsEntry)
                    + "cross-origin protection on a policy whose allowed-origins is * trusts same-origin requests"
                    + " only: '*' lets every origin read responses, but trusts none to change state; list the"
                    + " origins that may post forms or open WebSockets here");
        }
        // only for a policy that is otherwise fine: an error already says what to fix
        if (policy.allowedOrigins().isEmpty() && ok) {
            String message = (explicitPolicies ? "policy '" + policy.name() + "'" : "the policy")
                    + " allows no origin: its paths only get Vary: Origin (set cors."
                    + (explicitPolicies ? "policy." + policy.name() + "." : "") + "allowed-origins)";
            if (originsEntry == null) {
                problems.warnWholeFile(message);
            } else {
                problems.warn(originsEntry, message);
            }
        }
        return ok;
    }

    /**
     * Whether the host of a normalized {@code http://} entry ({@code host[:port]}, {@code *.host},
     * {@code host:*}) is one browsers treat as potentially trustworthy although plain http
     * (Secure Contexts §3.2; RFC 6761): {@code localhost} and names under it, 127.0.0.0/8, {@code [::1]}.
     * Nothing on the network between the browser and such a server can read the page.
     */
    static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort;
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        return HostSyntax.isCanonicalIpv4(host) && host.startsWith("127.");
    }

    /**
     * A combination problem between two top-level entries is the same for every policy, so it
     * is worded without the policy name (and then reported once); otherwise the name says which.
     */
    private static String prefixIfMixed(String where, PropertiesParser.Entry first, PropertiesParser.Entry second) {
        boolean bothTopLevel = first != null && second != null && !first.key.startsWith(ConfigLoader.POLICY_PREFIX)
                && !second.key.startsWith(ConfigLoader.POLICY_PREFIX);
        return bothTopLevel ? "" : where;
    }

    /** The first policy matching every path hides the ones after it (the first match wins). */
    static void warnUnreachable(List<PolicyConfig> policies, Problems problems) {
        for (int i = 0; i < policies.size(); i++) {
            for (String path : policies.get(i).paths()) {
                if (PathPattern.compile(path).matchesEverything() && i < policies.size() - 1) {
                    for (int later = i + 1; later < policies.size(); later++) {
                        problems.warnWholeFile("policy '" + policies.get(later).name() + "' is never used: the"
                                + " earlier policy '" + policies.get(i).name() + "' covers every path (" + path + ")");
                    }
                    return;
                }
            }
        }
    }
}
