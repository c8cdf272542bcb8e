package dev.corsagent.log;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.tinylog.Logger;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

/**
 * The agent's only logger: tinylog (relocated in the agent jar), configured here and nowhere else.
 *
 * <p>tinylog is told to log everything; the threshold is kept here so that a reloaded
 * {@code cors.log.level} takes effect at once (tinylog's configuration freezes on first use).
 * Until {@link #configure} has run, messages are dropped.
 */
public final class AgentLog {
    public static final int TRACE = 0;
    public static final int DEBUG = 1;
    public static final int INFO = 2;
    public static final int WARN = 3;
    public static final int ERROR = 4;
    public static final int OFF = 5;

    static final String TAG = "cors-agent";
    private static final String FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} [" + TAG + "] {level}: {message}";

    private static volatile int threshold = INFO;
    private static volatile boolean configured;
    /** Read by {@link AgentConfigurationLoader} when tinylog initialises. */
    private static volatile Properties pending = new Properties();
    private static String destination = "stderr";

    private AgentLog() {
    }

    /**
     * Sets tinylog up once: stderr, or {@code logFile} when given and writable. Later calls only
     * change the level. Never throws.
     */
    public static synchronized void configure(String level, String logFile) {
        setLevel(level);
        if (configured) {
            return;
        }
        String fileProblem = null;
        String file = logFile == null || logFile.trim().isEmpty() ? null : logFile.trim();
        if (file != null) {
            fileProblem = checkWritable(file);
            if (fileProblem != null) {
                file = null;
            }
        }
        Map<String, String> settings = settings(file);
        Properties properties = new Properties();
        properties.putAll(settings);
        pending = properties;

        // tinylog looks up its services on the context class loader too: make it the agent's, so
        // an isolated app loader can neither hide our writers nor slip in its own configuration
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(AgentLog.class.getClassLoader());
            // the static initialiser merged -Dtinylog.* into the configuration: replace all of it
            Configuration.replace(settings);
            ProviderRegistry.getLoggingProvider();
            configured = true;
            destination = file == null ? "stderr" : file;
        } catch (Throwable t) {
            // logging stays off; never break the app for it
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (fileProblem != null) {
            error("cannot write log file " + logFile + " (" + fileProblem + "); logging to stderr");
        }
    }

    static Map<String, String> settings(String file) {
        Map<String, String> settings = new HashMap<String, String>();
        settings.put("level", "trace");
        settings.put("writingthread", "false");
        settings.put("autoshutdown", "false");
        if (file == null) {
            settings.put("writer", "console");
            settings.put("writer.stream", "err");
        } else {
            settings.put("writer", "file");
            settings.put("writer.file", file);
            settings.put("writer.append", "true");
            settings.put("writer.buffered", "false");
            settings.put("writer.charset", "UTF-8");
        }
        settings.put("writer.level", "trace");
        settings.put("writer.format", FORMAT);
        return settings;
    }

    private static String checkWritable(String file) {
        try {
            File parent = new File(file).getAbsoluteFile().getParentFile();
            if (parent != null && !parent.isDirectory()) {
                return "no such directory " + parent;
            }
            new FileOutputStream(file, true).close();
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (SecurityException e) {
            return e.getMessage();
        }
    }

    static Properties pendingProperties() {
        Properties copy = new Properties();
        copy.putAll(pending);
        return copy;
    }

    /** Where lines go: "stderr" or the file. */
    public static synchronized String destination() {
        return destination;
    }

    /** Sets the threshold from a {@code cors.log.level} value; unknown or null means info. */
    public static void setLevel(String level) {
        threshold = parseLevel(level);
    }

    static int parseLevel(String level) {
        if (level == null) {
            return INFO;
        }
        String name = level.trim().toLowerCase(Locale.ROOT);
        if (name.equals("trace")) return TRACE;
        if (name.equals("debug")) return DEBUG;
        if (name.equals("warn")) return WARN;
        if (name.equals("error")) return ERROR;
        if (name.equals("off")) return OFF;
        return INFO;
    }

    public static boolean isEnabled(int level) {
        return configured && level >= threshold && level < OFF;
    }

    public static boolean isDebugEnabled() {
        return isEnabled(DEBUG);
    }

    public static void trace(String message) {
        if (isEnabled(TRACE)) Logger.trace(message);
    }

    public static void debug(String message) {
        if (isEnabled(DEBUG)) Logger.debug(message);
    }

    public static void info(String message) {
        if (isEnabled(INFO)) Logger.info(message);
    }

    public static void warn(String message) {
        if (isEnabled(WARN)) Logger.warn(message);
    }

    public static void error(String message) {
        if (isEnabled(ERROR)) Logger.error(message);
    }

    /**
     * One line for an exception: its type, message and where it was thrown. Stack traces would
     * print lines without the tag and flood the log of a busy app.
     */
    public static String describe(Throwable error) {
        if (error == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder(error.toString());
        StackTraceElement[] trace = error.getStackTrace();
        if (trace != null && trace.length > 0) {
            text.append(" at ").append(trace[0]);
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            text.append("; caused by ").append(cause);
        }
        return text.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
