package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;

/**
 * The engine's verdict on one request: what it is, what was decided and why, and the
 * {@link ResponsePlan} the instrumentation applies. The reason sentence is built only when asked
 * for (debug logs, report-only, the {@code check} command), so deciding builds no text.
 */
public final class Decision {
    private final Verdict verdict;
    private final RequestType requestType;
    /** Null when no policy covers the path. */
    private final CompiledPolicy policy;
    private final ResponsePlan plan;
    private final String origin;
    private final RequestFacts facts;
    private String reason;

    Decision(Verdict verdict, RequestType requestType, CompiledPolicy policy, ResponsePlan plan, String origin,
             RequestFacts facts) {
        this.verdict = verdict;
        this.requestType = requestType;
        this.policy = policy;
        this.plan = plan;
        this.origin = origin;
        this.facts = facts;
    }

    public Outcome outcome() {
        return verdict.outcome;
    }

    public RequestType requestType() {
        return requestType;
    }

    /** The policy covering the path, or null when none does. */
    public String policyName() {
        return policy == null ? null : policy.name;
    }

    /** Never null. */
    public ResponsePlan plan() {
        return plan;
    }

    /** The request's Origin when it is exactly one well-formed origin, else null. */
    public String origin() {
        return origin;
    }

    /**
     * One sentence naming the request (method, path, origin), the policy and the rule that decided,
     * e.g. {@code preflight for PUT /api/orders from https://app.example.com (headers: x-token):
     * denied by policy 'api': requested header 'x-token' is not in allowed-headers (content-type)}.
     */
    public String reason() {
        String text = reason;
        if (text == null) {
            text = buildReason();
            reason = text;
        }
        return text;
    }

    private String buildReason() {
        StringBuilder out = new StringBuilder();
        if (requestType == RequestType.PRE_FLIGHT) {
            out.append("preflight for ").append(printable(facts.requestMethod())).append(' ')
                    .append(printable(facts.path()));
        } else {
            out.append(printable(facts.method())).append(' ').append(printable(facts.path()));
        }
        if (facts.origins().isEmpty()) {
            out.append(" without Origin");
        } else if (facts.origins().size() == 1) {
            out.append(" from ").append(printable(facts.origins().get(0)));
        } else {
            out.append(" with ").append(facts.origins().size()).append(" Origin headers");
        }
        if (requestType == RequestType.PRE_FLIGHT && !facts.requestHeaderLines().isEmpty()) {
            out.append(" (headers: ");
            for (int i = 0; i < facts.requestHeaderLines().size(); i++) {
                out.append(i > 0 ? ", " : "").append(printable(facts.requestHeaderLines().get(i)));
            }
            out.append(')');
        }
        out.append(": ");
        switch (verdict.outcome) {
            case ALLOWED: out.append("allowed"); break;
            case DENIED: out.append("denied"); break;
            default: out.append("passed through");
        }
        if (policy != null) {
            out.append(" by policy '").append(policy.name).append('\'');
        }
        out.append(": ").append(verdict.rule(policy, requestType, facts));
        return out.toString();
    }

    /**
     * Request-controlled text as it may appear in a log line or a reason: control characters
     * escaped (no forged log lines), at most 200 characters.
     */
    public static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return reason();
    }
}
