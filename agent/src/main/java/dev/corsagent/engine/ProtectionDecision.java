package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.Mode;

/**
 * A request cross-origin protection refuses, or under {@code report-only} would refuse (SPEC rules
 * 7 and 8). Made only for such requests; its log line is rendered when asked for.
 */
public final class ProtectionDecision {
    private final CrossOriginProtection.Refusal refusal;
    private final CompiledPolicy policy;
    private final String method;
    private final String path;
    private final String origin;
    private final String fetchSite;
    private final String host;
    private final String scheme;

    ProtectionDecision(CrossOriginProtection.Refusal refusal, CompiledPolicy policy, String method, String path,
                       String origin, String fetchSite, String host, String scheme) {
        this.refusal = refusal;
        this.policy = policy;
        this.method = method;
        this.path = path;
        this.origin = origin;
        this.fetchSite = fetchSite;
        this.host = host;
        this.scheme = scheme;
    }

    /** Whether the request is refused ({@code enforce}); false: only logged ({@code report-only}). */
    public boolean enforced() {
        return policy.protection == Mode.ENFORCE;
    }

    /** The 403 answer: no grant, the app not called. */
    public ResponsePlan plan() {
        return policy.plans.protectionRefused;
    }

    /** The line logged at info: origin, method, path, policy and rule, request text escaped. */
    public String line(boolean applied) {
        return "cross-origin protection " + (applied ? "refused " : "would refuse (report-only, let through) ")
                + Decision.printable(method) + " " + Decision.printable(path)
                + " from " + (origin == null ? "no Origin" : Decision.printable(origin))
                + " (policy " + policy.name + "): " + refusal.rule(fetchSite, host, scheme)
                + (applied ? "; answered 403 before the app" : "");
    }

    /** The rule that refused, for tests and the status output. */
    public String refusal() {
        return refusal.name();
    }
}
