package dev.corsagent.it.browser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real browser engine the tests drive: open a tab on a page, evaluate a script there (its origin,
 * its cookies) and await the promise it returns. Chromium through DevTools; Firefox and WebKit,
 * which have no DevTools socket here, through {@link ChannelBrowser}.
 */
interface Browser extends AutoCloseable {
    /** A new tab (Chromium) or a new browser window of its own (Firefox, WebKit). */
    Tab newTab() throws Exception;

    @Override
    void close();

    /** One tab with one page. */
    interface Tab {
        /** Loads {@code url}, a {@link PageServer} page, and waits until its script runs. */
        void open(String url) throws Exception;

        /** Evaluates a JavaScript expression in the page, awaits its promise, returns the value as JSON. */
        JsonNode evaluate(String expression) throws Exception;
    }
}
