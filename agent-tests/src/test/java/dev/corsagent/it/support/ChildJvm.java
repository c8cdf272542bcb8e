package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as a child process, with stdout and stderr going to files under {@code target/}.
 * {@link #close()} kills it and everything it started; a shutdown hook does the same for children
 * still alive when the test JVM exits, so no container outlives a failed or aborted run.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildJvm::kill), "child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The java launcher of {@code java.home.for.tests} (set by the build), else of this JVM. */
    public static Path javaExecutable() {
        String home = System.getProperty("java.home.for.tests");
        if (home == null || home.isBlank() || home.startsWith("${")) {
            home = System.getProperty("java.home");
        }
        return Paths.get(home, "bin", "java");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path stdoutFile() {
        return stdout;
    }

    public Path stderrFile() {
        return stderr;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Waits for the process to end on its own; kills it and fails when it does not in time. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not exit within " + timeout + "\n" + describe());
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** The tail of both output files, for failure messages. */
    public String describe() {
        return "--- " + name + " (pid " + process.pid() + ") stdout " + stdout + ":\n" + tail(stdout())
                + "\n--- stderr " + stderr + ":\n" + tail(stderr());
    }

    @Override
    public void close() {
        kill(process);
        LIVE.remove(process);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String tail(String text) {
        int max = 6000;
        return text.length() <= max ? text : "...\n" + text.substring(text.length() - max);
    }

    public static final class Builder {
        private final String name;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> programArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String classpath;
        private String mainClass;
        private Path jar;
        private Path workDir;
        private Path logDir = Paths.get("target", "child-jvms");

        private Builder(String name) {
            this.name = name;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder args(String... args) {
            programArgs.addAll(List.of(args));
            return this;
        }

        /** Sets an environment variable of the child; null removes one inherited from this JVM. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaExecutable().toString());
            cmd.addAll(jvmArgs);
            if (jar != null) {
                cmd.add("-jar");
                cmd.add(jar.toString());
            } else {
                if (classpath != null) {
                    cmd.add("-cp");
                    cmd.add(classpath);
                }
                cmd.add(mainClass);
            }
            cmd.addAll(programArgs);
            return cmd;
        }

        public ChildJvm start() throws IOException {
            if (jar == null && mainClass == null) {
                throw new IllegalStateException("neither a jar nor a main class for " + name);
            }
            Files.createDirectories(logDir);
            String fileBase = name.replaceAll("[^A-Za-z0-9._-]", "_");
            Path out = logDir.resolve(fileBase + ".stdout.txt").toAbsolutePath();
            Path err = logDir.resolve(fileBase + ".stderr.txt").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            // the developer's own agent settings must not leak into a child; tests set them explicitly
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("_JAVA_OPTIONS");
            pb.environment().remove("CORS_AGENT_CONFIG");
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Files.writeString(logDir.resolve(fileBase + ".command.txt"),
                    String.join(" ", command()) + "\nenv: " + env + "\n");
            Process p = pb.start();
            LIVE.add(p);
            return new ChildJvm(name, p, out, err);
        }
    }
}
