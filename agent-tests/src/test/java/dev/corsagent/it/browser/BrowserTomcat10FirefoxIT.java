package dev.corsagent.it.browser;

/** The browser contract in Firefox ESR, headless, against the shop on embedded Tomcat 10.1. */
class BrowserTomcat10FirefoxIT extends BrowserTomcat10IT {
    @Override
    String name() {
        return "tomcat10-firefox";
    }

    @Override
    Engine engine() {
        return Engine.FIREFOX;
    }
}
