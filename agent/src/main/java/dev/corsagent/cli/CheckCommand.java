package dev.corsagent.cli;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.engine.Decision;
import dev.corsagent.engine.Outcome;
import dev.corsagent.engine.RequestFacts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

/**
 * {@code check FILE --origin ORIGIN ...}: the headers the agent would send for one request, and the
 * rule that decided, from the same engine the agent runs. Apart from {@link Main} so that each
 * command reads on its own.
 */
final class CheckCommand {
    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String fileName = null;
        String origin = null;
        String method = null;
        String headers = null;
        String contentType = null;
        String path = "/";
        boolean preflight = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--preflight")) {
                preflight = true;
            } else if (arg.equals("--origin") || arg.equals("--method") || arg.equals("--headers")
                    || arg.equals("--path") || arg.equals("--content-type")) {
                if (i + 1 >= args.size()) {
                    return Main.usageError(err, arg + " needs a value");
                }
                String value = args.get(++i);
                if (arg.equals("--origin")) {
                    origin = value;
                } else if (arg.equals("--method")) {
                    method = value;
                } else if (arg.equals("--headers")) {
                    headers = value;
                } else if (arg.equals("--content-type")) {
                    contentType = value;
                } else {
                    path = value;
                }
            } else if (arg.startsWith("--")) {
                return Main.usageError(err, "unknown option for check: " + arg);
            } else if (fileName == null) {
                fileName = arg;
            } else {
                return Main.usageError(err, "check takes one FILE, got another: " + arg);
            }
        }
        if (fileName == null) {
            return Main.usageError(err, "check needs a FILE");
        }
        if (origin == null) {
            return Main.usageError(err, "check needs --origin");
        }
        if (!path.startsWith("/")) {
            return Main.usageError(err, "--path must start with / (the request path, context path included): " + path);
        }

        Path file = Paths.get(fileName);
        LoadResult result = ConfigLoader.load(file);
        if (!result.isValid()) {
            Main.printProblems(result, err);
            err.println(file + ": invalid, " + Main.count(result.errors().size(), "error")
                    + "; the agent would add no CORS headers at all");
            return Main.USAGE;
        }

        // a browser's preflight is an OPTIONS request naming the real method and headers
        String requestMethod = null;
        List<String> requestHeaderLines = Collections.emptyList();
        String httpMethod;
        if (preflight) {
            httpMethod = "OPTIONS";
            requestMethod = method == null ? "GET" : method;
            if (headers != null) {
                requestHeaderLines = Collections.singletonList(headers);
            }
        } else {
            httpMethod = method == null ? "GET" : method;
        }

        out.println("request:  " + httpMethod + " " + path);
        out.println("  Origin: " + origin);
        if (requestMethod != null) {
            out.println("  Access-Control-Request-Method: " + requestMethod);
        }
        if (!requestHeaderLines.isEmpty()) {
            out.println("  Access-Control-Request-Headers: " + headers);
        }
        if (!preflight && contentType != null) {
            out.println("  Content-Type: " + contentType);
        }
        if (!preflight && headers != null) {
            out.println("note: --headers only matters for a preflight (--preflight)");
        }
        if (preflight && contentType != null) {
            // a preflight carries no body; the browser names Content-Type in the request headers instead
            out.println("note: --content-type only matters for the actual request, not a preflight;"
                    + " for a preflight list content-type in --headers");
        }

        CorsEngine engine = CorsEngine.compile(result.config());
        Decision decision = engine.decide(new RequestFacts(httpMethod, path,
                Collections.singletonList(origin), requestMethod, requestHeaderLines, false,
                preflight ? null : contentType));
        boolean allowed = isAllowed(decision);

        out.println("policy:   " + (decision.policyName() == null
                ? "none (no policy covers " + path + ")" : decision.policyName()));
        out.println("type:     " + decision.requestType());
        out.println("decision: " + (allowed ? "allowed" : "denied") + " (" + decision.reason() + ")");
        String caseNote = requestMethod == null ? null
                : methodCaseNote(policyNamed(result.config(), decision.policyName()), requestMethod);
        if (caseNote != null) {
            out.println("note: " + caseNote);
        }

        Mode mode = engine.mode();
        if (mode == Mode.OFF) {
            out.println("mode off: the agent sends no headers and lets every request through");
            return Main.FAILED;
        }
        if (mode == Mode.REPORT_ONLY) {
            out.println("mode report-only: the agent logs this decision and changes no response;"
                    + " in enforce mode it would send:");
        }
        printPlan(decision.plan(), out);
        return allowed ? Main.OK : Main.FAILED;
    }

    /** Fetch "normalize a method": browsers upper-case only these; every other method goes as the page wrote it. */
    private static final List<String> NORMALIZED_METHODS = java.util.Arrays.asList("DELETE", "GET", "HEAD",
            "OPTIONS", "POST", "PUT");

    /**
     * What a browser really sends for {@code method} when it differs from an allowed method only by
     * case, or null. {@code fetch(url, {method: 'patch'})} sends {@code patch}, which a case-sensitive
     * {@code PATCH} entry does not match; {@code delete} is upper-cased to {@code DELETE} first.
     */
    static String methodCaseNote(PolicyConfig policy, String method) {
        if (policy == null || policy.allowedMethods().contains("*")) {
            return null;
        }
        String upper = method.toUpperCase(java.util.Locale.ROOT);
        if (NORMALIZED_METHODS.contains(upper)) {
            return upper.equals(method) ? null : "a browser upper-cases " + method + " to " + upper
                    + " before it sends it; check with --method " + upper;
        }
        for (String allowed : policy.allowedMethods()) {
            if (!allowed.equals(method) && allowed.equalsIgnoreCase(method)) {
                return "methods are case-sensitive and browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST"
                        + " and PUT: a page calling fetch(url, {method: '" + method + "'}) sends " + method
                        + ", which allowed-methods entry " + allowed + " does not match; have the page use '"
                        + allowed + "', or add " + method + " to allowed-methods";
            }
        }
        return null;
    }

    private static PolicyConfig policyNamed(AgentConfig config, String name) {
        for (PolicyConfig policy : config.policies()) {
            if (policy.name().equals(name)) {
                return policy;
            }
        }
        return null;
    }

    private static boolean isAllowed(Decision decision) {
        return decision.outcome() == Outcome.ALLOWED;
    }

    private static void printPlan(ResponsePlan plan, PrintStream out) {
        if (plan.answerStatus != 0) {
            out.println("response: " + plan.answerStatus + ", answered by the agent (the app is not called)");
        } else {
            out.println("response: from the app, with these headers");
        }
        if (plan.headerNames.length == 0 && plan.vary == null) {
            out.println("  (no headers)");
        }
        for (int i = 0; i < plan.headerNames.length; i++) {
            out.println("  " + plan.headerNames[i] + ": " + plan.headerValues[i]);
        }
        if (plan.vary != null) {
            out.println("  Vary: " + plan.vary + (plan.answerStatus == 0 ? "  (merged into the app's Vary)" : ""));
        }
    }
}
