package dev.corsagent.it.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The three browser engines the browser contract runs in, each from Debian's packages, none
 * downloaded at test time. A missing one makes its tests skipped with the install hint.
 */
enum Engine {
    CHROMIUM("chromium", "Failed to fetch"),
    /** firefox --headless with a fresh profile; there is no geckodriver package. */
    FIREFOX("firefox-esr", "NetworkError when attempting to fetch resource"),
    /** WebKitGTK's MiniBrowser under Xvfb. */
    WEBKIT("webkit2gtk-driver xvfb", "Load failed");

    private final String packages;
    /** How fetch's TypeError reads when the engine withholds a response for CORS. */
    final String blockedMessage;

    Engine(String packages, String blockedMessage) {
        this.packages = packages;
        this.blockedMessage = blockedMessage;
    }

    String installHint() {
        return "install " + name().toLowerCase() + ": apt-get install -y " + packages;
    }

    boolean available() {
        switch (this) {
            case CHROMIUM:
                return Chromium.executable() != null;
            case FIREFOX:
                return Files.isExecutable(Paths.get("/usr/bin/firefox"));
            default:
                return ChannelBrowser.miniBrowser() != null && Files.isExecutable(Paths.get("/usr/bin/Xvfb"));
        }
    }

    /** Whether {@link #launchDriver} can run here (WebKit needs WebKitWebDriver as well). */
    boolean driverAvailable() {
        return this == WEBKIT ? WebKitDriver.available() : available();
    }

    /**
     * The engine under a driver that can open any page, not only a {@link PageServer} one: Chromium
     * over DevTools, Firefox over WebDriver BiDi, WebKit through WebKitWebDriver.
     */
    Browser launchDriver(Path workDir) throws Exception {
        switch (this) {
            case CHROMIUM:
                return Chromium.launch(workDir);
            case FIREFOX:
                return FirefoxBidi.launch(workDir);
            default:
                return WebKitDriver.launch(workDir);
        }
    }

    Browser launch(Path workDir) throws Exception {
        return launch(workDir, null);
    }

    /**
     * {@code trusted} non-null: the engine trusts that test certificate. Chromium and WebKit through
     * their flags for test certificates, Firefox through its profile's own certificate store.
     */
    Browser launch(Path workDir, TestCertificate trusted) throws Exception {
        switch (this) {
            case CHROMIUM:
                return Chromium.launch(workDir, trusted != null);
            case FIREFOX:
                return ChannelBrowser.firefox(workDir, trusted);
            default:
                return ChannelBrowser.webkit(workDir, trusted != null);
        }
    }
}
