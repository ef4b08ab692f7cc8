package dev.duplex.rsocket.boot.server;

import dev.duplex.rsocket.core.RSocketServer;
import java.util.function.Function;

/**
 * Callback that customizes the engine's {@link RSocketServer} before it is bound, for what the
 * properties do not cover; the server is immutable, so the callback returns the customized copy
 * (Spring Boot's {@code NettyServerCustomizer} form). Beans of this type are applied in
 * {@link org.springframework.core.Ordered order}, after the properties.
 */
@FunctionalInterface
public interface RSocketServerCustomizer extends Function<RSocketServer, RSocketServer> {
}
