package dev.corsagent.cli;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.ConfigProblem;
import dev.corsagent.config.LoadResult;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.engine.Decision;
import dev.corsagent.engine.Outcome;
import dev.corsagent.engine.RequestFacts;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The operator's command line: {@code java -jar cors-agent.jar <command>}. All logic is in
 * {@link #run}, which writes to the streams it is given, so it can be tested without a JVM exit.
 */
public final class Main {
    static final int OK = 0;
    /** validate: the file is invalid. check: the request is denied. attach: the attach failed. */
    static final int FAILED = 1;
    /** A wrong command line, or (check) a config file that does not load. */
    static final int USAGE = 2;

    static final String USAGE_TEXT =
            "usage: java -jar cors-agent.jar <command>\n"
            + "\n"
            + "commands:\n"
            + "  validate FILE\n"
            + "      list the errors and warnings of a config file; exit 0 valid, 1 invalid\n"
            + "  check FILE --origin ORIGIN [--method METHOD] [--headers a,b] [--path PATH] [--preflight]\n"
            + "        [--content-type TYPE]\n"
            + "      print the headers the agent would send for one request, and why;\n"
            + "      exit 0 allowed, 1 denied, 2 invalid file (report-only: what enforce would do;"
            + " off: 1)\n"
            + "  attach PID [FILE]\n"
            + "      load the agent into the running JVM PID, with config FILE\n"
            + "  status PID\n"
            + "      what the agent in the running JVM PID runs with and decided (its JMX beans);\n"
            + "      exit 0, or 1 when there is no such JVM, no agent in it, or no permission\n"
            + "  version\n"
            + "      print the agent's version\n";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns the process exit code. Never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                err.print(USAGE_TEXT);
                return USAGE;
            }
            String command = args[0];
            List<String> rest = new ArrayList<String>();
            for (int i = 1; i < args.length; i++) {
                rest.add(args[i]);
            }
            if (command.equals("validate")) {
                return validate(rest, out, err);
            }
            if (command.equals("check")) {
                return check(rest, out, err);
            }
            if (command.equals("attach")) {
                return attach(rest, out, err);
            }
            if (command.equals("status")) {
                if (rest.size() != 1 || !rest.get(0).matches("[0-9]+")) {
                    return usageError(err, "status takes one process id");
                }
                return StatusCommand.run(rest.get(0), out, err);
            }
            if (command.equals("version") || command.equals("--version")) {
                out.println("cors-agent " + version());
                return OK;
            }
            if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
                out.print(USAGE_TEXT);
                return OK;
            }
            err.println("unknown command: " + command);
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (Exception e) {
            err.println("cors-agent: " + e);
            return FAILED;
        }
    }

    // ---------------------------------------------------------------- validate

    private static int validate(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            return usageError(err, "validate takes exactly one FILE");
        }
        Path file = Paths.get(args.get(0));
        LoadResult result = ConfigLoader.load(file);
        printProblems(result, out);
        if (!result.isValid()) {
            out.println(file + ": invalid, " + count(result.errors().size(), "error")
                    + ", " + count(result.warnings().size(), "warning"));
            return FAILED;
        }
        out.println(file + ": valid, " + summary(result.config()) + ", "
                + count(result.warnings().size(), "warning"));
        return OK;
    }

    private static void printProblems(LoadResult result, PrintStream out) {
        for (ConfigProblem problem : result.errors()) {
            out.println("error: " + problem);
        }
        for (ConfigProblem problem : result.warnings()) {
            out.println("warning: " + problem);
        }
    }

    private static String summary(AgentConfig config) {
        List<String> names = new ArrayList<String>();
        for (PolicyConfig policy : config.policies()) {
            names.add(policy.name());
        }
        return "mode " + modeName(config.mode()) + ", " + count(names.size(), "policy")
                + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
    }

    // ---------------------------------------------------------------- check

    private static int check(List<String> args, PrintStream out, PrintStream err) {
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
                    return usageError(err, arg + " needs a value");
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
                return usageError(err, "unknown option for check: " + arg);
            } else if (fileName == null) {
                fileName = arg;
            } else {
                return usageError(err, "check takes one FILE, got another: " + arg);
            }
        }
        if (fileName == null) {
            return usageError(err, "check needs a FILE");
        }
        if (origin == null) {
            return usageError(err, "check needs --origin");
        }
        if (!path.startsWith("/")) {
            return usageError(err, "--path must start with / (the request path, context path included): " + path);
        }

        Path file = Paths.get(fileName);
        LoadResult result = ConfigLoader.load(file);
        if (!result.isValid()) {
            printProblems(result, err);
            err.println(file + ": invalid, " + count(result.errors().size(), "error")
                    + "; the agent would add no CORS headers at all");
            return USAGE;
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
            return FAILED;
        }
        if (mode == Mode.REPORT_ONLY) {
            out.println("mode report-only: the agent logs this decision and changes no response;"
                    + " in enforce mode it would send:");
        }
        printPlan(decision.plan(), out);
        return allowed ? OK : FAILED;
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

    // ---------------------------------------------------------------- attach

    private static int attach(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() > 2) {
            return usageError(err, "attach takes a PID and optionally a FILE");
        }
        String pid = args.get(0);
        if (!pid.matches("[0-9]+")) {
            return usageError(err, "not a process id: " + pid);
        }
        String agentArgument = null;
        if (args.size() == 2) {
            // the target JVM has its own working directory: hand it an absolute path
            Path file = Paths.get(args.get(1)).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                return usageError(err, "no such config file: " + file);
            }
            LoadResult result = ConfigLoader.load(file);
            if (!result.isValid()) {
                printProblems(result, err);
                err.println(file + " is invalid: the agent will add no CORS headers until it is"
                        + " fixed (it watches the file)");
            }
            agentArgument = file.toString();
        }
        File agentJar = agentJar();
        if (agentJar == null) {
            err.println("attach must run from the agent jar: java -jar cors-agent.jar attach PID [FILE]");
            return FAILED;
        }
        try {
            ByteBuddyAgent.attach(agentJar, pid, agentArgument);
        } catch (RuntimeException e) {
            err.println("could not attach to process " + pid + ": " + describe(e));
            err.println("attach needs: a running JVM with that process id, owned by the same user,"
                    + " and a JDK (not a bare JRE) running this command");
            return FAILED;
        }
        out.println("attached " + agentJar.getName() + " to process " + pid
                + (agentArgument == null ? " (config from cors.config or CORS_AGENT_CONFIG there)"
                : " with " + agentArgument)
                + "; the agent logs to that process's stderr or cors.log.file");
        return OK;
    }

    /** The jar this class was loaded from, or null when it is not a jar (e.g. a classes directory). */
    static File agentJar() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        URL location = source.getLocation();
        File file;
        try {
            file = new File(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return file.isFile() && file.getName().endsWith(".jar") ? file : null;
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        Throwable cause = error.getCause();
        while (cause != null) {
            if (cause.getMessage() != null) {
                message = (message == null ? "" : message + ": ") + cause.getMessage();
            }
            cause = cause.getCause();
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    // ---------------------------------------------------------------- helpers

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/dev/corsagent/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (Exception e) {
            // fall through to "unknown"
        }
        return properties.getProperty("version", "unknown");
    }

    private static int usageError(PrintStream err, String message) {
        err.println(message);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private static String modeName(Mode mode) {
        return mode.configValue();
    }

    private static String count(int n, String noun) {
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }

}
