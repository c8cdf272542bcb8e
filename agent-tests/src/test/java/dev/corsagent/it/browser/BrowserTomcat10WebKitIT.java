package dev.corsagent.it.browser;

/** The browser contract in WebKitGTK's MiniBrowser under Xvfb, against the shop on embedded Tomcat 10.1. */
class BrowserTomcat10WebKitIT extends BrowserTomcat10IT {
    @Override
    String name() {
        return "tomcat10-webkit";
    }

    @Override
    Engine engine() {
        return Engine.WEBKIT;
    }
}
