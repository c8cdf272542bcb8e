package dev.corsagent.sample.dropwizard;

import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * A Dropwizard 4 service with no CORS code: cors-agent adds CORS from outside.
 * {@code java -Ddw.server.connector.port=8080 -jar shop-dropwizard4.jar server shop.yml}; the
 * configuration is read from the jar ({@code shop.yml}: one connector, context path {@code /shop}).
 */
public class ShopApplication extends Application<Configuration> {
    public static void main(String[] args) throws Exception {
        new ShopApplication().run(args);
    }

    @Override
    public String getName() {
        return "shop";
    }

    @Override
    public void initialize(Bootstrap<Configuration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new ResourceConfigurationSourceProvider());
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        ApiRequestCounter counter = new ApiRequestCounter();
        environment.jersey().register(counter);
        // dropwizard-auth: a Bearer filter on /api (any token), a BASIC filter on /secure (alice / secret),
        // each bound to the resource methods that take its principal with @Auth
        Map<Class<? extends Principal>, jakarta.ws.rs.container.ContainerRequestFilter> filters = Map.of(
                ShopAuth.ApiClient.class, ShopAuth.bearerFilter(),
                ShopAuth.ShopUser.class, ShopAuth.basicFilter());
        environment.jersey().register(new PolymorphicAuthDynamicFeature<>(filters));
        environment.jersey().register(new PolymorphicAuthValueFactoryProvider.Binder<>(
                Set.<Class<? extends Principal>>of(ShopAuth.ApiClient.class, ShopAuth.ShopUser.class)));
        environment.jersey().register(new ApiResource());
        environment.jersey().register(new SiteResource(counter));
    }
}
