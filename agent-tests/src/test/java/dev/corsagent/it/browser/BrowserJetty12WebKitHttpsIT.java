package dev.corsagent.it.browser;

/** The browser contract in WebKit over HTTPS with HTTP/2 (embedded Jetty 12, h2 by ALPN). */
class BrowserJetty12WebKitHttpsIT extends BrowserJetty12HttpsIT {
    @Override
    String name() {
        return "jetty12-webkit-https";
    }

    @Override
    Engine engine() {
        return Engine.WEBKIT;
    }
}
