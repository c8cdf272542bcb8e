package dev.corsagent.it.browser;

/** The browser contract in Chromium over HTTPS with HTTP/2 (embedded Tomcat 10.1, Http2Protocol on its TLS connector). */
class BrowserTomcat10HttpsIT extends BrowserTomcat10IT {
    @Override
    String name() {
        return "tomcat10-https";
    }

    @Override
    boolean https() {
        return true;
    }
}
