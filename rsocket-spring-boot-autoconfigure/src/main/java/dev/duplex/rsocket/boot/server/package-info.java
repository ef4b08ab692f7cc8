/**
 * The Spring Boot side of an RSocket server on the Duplex engine: the
 * {@link dev.duplex.rsocket.boot.server.DuplexRSocketServer} handle that the application context
 * starts and stops, the {@link dev.duplex.rsocket.boot.server.RSocketServerFactory} that creates it,
 * and the {@link dev.duplex.rsocket.boot.server.RSocketServerCustomizer} callbacks applied to the
 * engine's {@link dev.duplex.rsocket.core.RSocketServer}. Usable without the auto-configuration.
 */
@NullMarked
package dev.duplex.rsocket.boot.server;

import org.jspecify.annotations.NullMarked;
