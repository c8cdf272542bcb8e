package dev.corsagent.it.browser;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** The h2 vectors with curl --http2 against the jakarta shop on embedded Jetty 12 (ee10), h2 by ALPN. */
class Http2CurlJetty12IT extends Http2CurlContract {
    @Override
    String name() {
        return "jetty12";
    }

    @Override
    ShopServer.Container container() {
        return ShopServer.jetty12();
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }
}
