package dev.corsagent.cli;

import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.ConfigProblem;
import dev.corsagent.config.LoadResult;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;
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
                return CheckCommand.run(rest, out, err);
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

    static void printProblems(LoadResult result, PrintStream out) {
        for (ConfigProblem problem : result.errors()) {
            out.println("error: " + problem);
        }
        for (ConfigProblem problem : result.warnings()) {
            out.println("warning: " + problem);
        }
    }

    static String summary(AgentConfig config) {
        List<String> names = new ArrayList<String>();
        for (PolicyConfig policy : config.policies()) {
            names.add(policy.name());
        }
        return "mode " + modeName(config.mode()) + ", " + count(names.size(), "policy")
                + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
    }

    // ---------------------------------------------------------------- check


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

    static int usageError(PrintStream err, String message) {
        err.println(message);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    static String modeName(Mode mode) {
        return mode.configValue();
    }

    static String count(int n, String noun) {
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }

}
