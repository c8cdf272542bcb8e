package dev.corsagent.it.browser;

/** The browser contract in WebKit over HTTPS with HTTP/2 (embedded Tomcat 10.1, Http2Protocol on its TLS connector). */
class BrowserTomcat10WebKitHttpsIT extends BrowserTomcat10WebKitIT {
    @Override
    String name() {
        return "tomcat10-webkit-https";
    }

    @Override
    boolean https() {
        return true;
    }
}
