/**
 * An RSocket server in the application context's lifecycle: the
 * {@link dev.duplex.rsocket.boot.context.RSocketServerBootstrap} that starts and stops it, the
 * {@link dev.duplex.rsocket.boot.context.RSocketServerInitializedEvent} published once it is bound,
 * and the {@code local.rsocket.server.port} property that
 * {@link dev.duplex.rsocket.boot.context.RSocketPortInfoApplicationContextInitializer} sets from it
 * for {@link dev.duplex.rsocket.boot.context.LocalRSocketServerPort @LocalRSocketServerPort}.
 */
@NullMarked
package dev.duplex.rsocket.boot.context;

import org.jspecify.annotations.NullMarked;
