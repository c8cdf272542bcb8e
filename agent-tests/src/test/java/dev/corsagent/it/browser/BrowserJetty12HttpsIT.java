package dev.corsagent.it.browser;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/**
 * The browser contract in Chromium over HTTPS with HTTP/2 against the shop (jakarta) on embedded
 * Jetty 12 (ee10): h2 by ALPN on its TLS connector, the access log naming the protocol.
 */
class BrowserJetty12HttpsIT extends BrowserCorsContract {
    @Override
    String name() {
        return "jetty12-https";
    }

    @Override
    ShopServer.Container container() {
        return ShopServer.jetty12();
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }

    @Override
    boolean https() {
        return true;
    }
}
