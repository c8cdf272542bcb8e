package dev.corsagent.sample.dropwizard;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.basic.BasicCredentialAuthFilter;
import io.dropwizard.auth.basic.BasicCredentials;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import java.security.Principal;
import java.util.Optional;

/** The two dropwizard-auth filters of the shop and the principals they produce. */
final class ShopAuth {
    private ShopAuth() {
    }

    /** /api: any Bearer token passes (the WAR's AuthFilter does the same); none gets 401 {@code Bearer realm="shop"}. */
    static AuthFilter<String, ApiClient> bearerFilter() {
        return new OAuthCredentialAuthFilter.Builder<ApiClient>()
                .setAuthenticator(token -> Optional.of(new ApiClient(token)))
                .setPrefix("Bearer")
                .setRealm("shop")
                .buildAuthFilter();
    }

    /** /secure: BASIC, user alice with password secret; else 401 {@code Basic realm="shop"}. */
    static AuthFilter<BasicCredentials, ShopUser> basicFilter() {
        return new BasicCredentialAuthFilter.Builder<ShopUser>()
                .setAuthenticator(c -> "alice".equals(c.getUsername()) && "secret".equals(c.getPassword())
                        ? Optional.of(new ShopUser(c.getUsername()))
                        : Optional.empty())
                .setRealm("shop")
                .buildAuthFilter();
    }

    static final class ApiClient implements Principal {
        private final String token;

        ApiClient(String token) {
            this.token = token;
        }

        @Override
        public String getName() {
            return "client-" + token.length();
        }
    }

    static final class ShopUser implements Principal {
        private final String name;

        ShopUser(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
