package dev.corsagent.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Firefox or WebKit, driven through the page itself: each tab is a browser process of its own
 * (a fresh profile) opened on a {@link PageServer} page with {@code ?channel=ID}; the page fetches
 * the expressions to evaluate from its server and posts back their results. Nothing but the
 * engine's own command line is needed: no geckodriver (Debian has none), no WebDriver session.
 */
final class ChannelBrowser implements Browser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EVALUATE_TIMEOUT_SECONDS = 30;

    private final Engine engine;
    private final Path workDir;
    private final VirtualDisplay display;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    /** Firefox: trusted in each tab's profile. */
    private final TestCertificate trusted;
    /** WebKit: MiniBrowser's --ignore-tls-errors. */
    private final boolean ignoreTlsErrors;
    private int tabs;

    private ChannelBrowser(Engine engine, Path workDir, VirtualDisplay display, TestCertificate trusted,
                           boolean ignoreTlsErrors) {
        this.engine = engine;
        this.workDir = workDir;
        this.display = display;
        this.trusted = trusted;
        this.ignoreTlsErrors = ignoreTlsErrors;
    }

    static ChannelBrowser firefox(Path workDir, TestCertificate trusted) throws IOException {
        return new ChannelBrowser(Engine.FIREFOX, Files.createDirectories(workDir), null, trusted, false);
    }

    /** WebKitGTK's MiniBrowser has no headless mode: it gets an Xvfb display of its own. */
    static ChannelBrowser webkit(Path workDir, boolean ignoreTlsErrors) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        VirtualDisplay display = VirtualDisplay.start(workDir);
        return new ChannelBrowser(Engine.WEBKIT, workDir, display, null, ignoreTlsErrors);
    }

    /**
     * A fresh Firefox profile in {@code dir}/profile: no first-run pages or telemetry, and a
     * cross-origin 401 reaches the page instead of a login dialog. {@code trusted} non-null: the
     * profile's own NSS store trusts that CA, as an operator's Firefox would hold a company CA.
     */
    static Path firefoxProfile(Path dir, TestCertificate trusted) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Files.writeString(profile.resolve("user.js"), String.join("\n",
                // a cross-origin 401 with WWW-Authenticate would open a login dialog instead of reaching the page
                "user_pref(\"network.auth.subresource-http-auth-allow\", 1);",
                "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                "user_pref(\"browser.aboutwelcome.enabled\", false);",
                "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
                "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");",
                "user_pref(\"app.update.enabled\", false);",
                "user_pref(\"network.proxy.type\", 0);",
                ""), StandardCharsets.UTF_8);
        if (trusted != null) {
            String db = "sql:" + profile;
            TestCertificate.run(List.of("/usr/bin/certutil", "-N", "-d", db, "--empty-password"), dir);
            TestCertificate.run(List.of("/usr/bin/certutil", "-A", "-n", "cors-agent-test", "-t", "C,,",
                    "-i", trusted.pem.toString(), "-d", db), dir);
        }
        return profile;
    }

    /** Debian's MiniBrowser (in the WebKitGTK library package webkit2gtk-driver pulls in), or null. */
    static Path miniBrowser() {
        for (String candidate : List.of("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
                "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
                "/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        return null;
    }

    @Override
    public Tab newTab() {
        return new ChannelTab(++tabs);
    }

    private Process launch(int tab, String url) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(engine.name().toLowerCase() + "-tab" + tab));
        List<String> command = new ArrayList<>();
        ProcessBuilder builder;
        if (engine == Engine.FIREFOX) {
            Path profile = firefoxProfile(dir, trusted);
            command.addAll(List.of("/usr/bin/firefox", "--headless", "--no-remote", "--profile", profile.toString(), url));
            builder = new ProcessBuilder(command);
            builder.environment().put("MOZ_HEADLESS", "1");
        } else {
            command.add(miniBrowser().toString());
            if (ignoreTlsErrors) {
                command.add("--ignore-tls-errors");
            }
            command.add(url);
            builder = new ProcessBuilder(command);
            builder.environment().put("DISPLAY", display.name);
            builder.environment().put("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
        builder.environment().put("HOME", dir.toString()); // caches and settings stay in the test's folder
        Process process = builder.redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        if (display != null) {
            display.close();
        }
    }

    private final class ChannelTab implements Tab {
        private final int number;
        private PageServer.Channel channel;
        private Process process;

        ChannelTab(int number) {
            this.number = number;
        }

        @Override
        public void open(String url) throws Exception {
            PageServer pages = PageServer.forUrl(url);
            if (pages == null) {
                throw new IllegalArgumentException("not a page server's page: " + url);
            }
            if (process != null) {
                process.destroyForcibly();
            }
            String id = UUID.randomUUID().toString();
            channel = pages.openChannel(id);
            process = launch(number, url + (url.contains("?") ? "&" : "?") + "channel=" + id);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!channel.polled) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(engine + " did not load " + url + " (alive " + process.isAlive()
                            + "); see " + workDir);
                }
                Thread.sleep(100);
            }
        }

        @Override
        public JsonNode evaluate(String expression) throws Exception {
            channel.expressions.offer(expression);
            String answer = channel.results.poll(EVALUATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError(engine + " gave no result within " + EVALUATE_TIMEOUT_SECONDS + " s for "
                        + expression);
            }
            JsonNode result = JSON.readTree(answer);
            if (result.has("thrown")) {
                throw new AssertionError("the page threw evaluating " + expression + ": " + result.get("thrown"));
            }
            return result.path("value");
        }
    }
}
