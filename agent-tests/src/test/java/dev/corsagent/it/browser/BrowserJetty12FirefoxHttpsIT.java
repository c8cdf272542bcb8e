package dev.corsagent.it.browser;

/** The browser contract in Firefox over HTTPS with HTTP/2 (embedded Jetty 12, h2 by ALPN). */
class BrowserJetty12FirefoxHttpsIT extends BrowserJetty12HttpsIT {
    @Override
    String name() {
        return "jetty12-firefox-https";
    }

    @Override
    Engine engine() {
        return Engine.FIREFOX;
    }
}
