package dev.corsagent.it.browser;

/** The browser contract in Firefox over HTTPS with HTTP/2 (embedded Tomcat 10.1, Http2Protocol on its TLS connector). */
class BrowserTomcat10FirefoxHttpsIT extends BrowserTomcat10FirefoxIT {
    @Override
    String name() {
        return "tomcat10-firefox-https";
    }

    @Override
    boolean https() {
        return true;
    }
}
