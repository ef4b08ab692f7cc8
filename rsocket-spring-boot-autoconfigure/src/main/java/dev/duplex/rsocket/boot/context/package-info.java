/**
 * An RSocket server in the application context's lifecycle: the
 * {@link dev.duplex.rsocket.boot.context.RSocketServerBootstrap} that starts and stops it (and the
 * {@link dev.duplex.rsocket.boot.context.RSocketListenersBootstrap} of the extra listeners), the
 * {@link dev.duplex.rsocket.boot.context.RSocketServerInitializedEvent} published once it is bound,
 * and the {@code local.rsocket.server.port} (and {@code local.rsocket.server.listeners[i].port})
 * property that
 * {@link dev.duplex.rsocket.boot.context.RSocketPortInfoApplicationContextInitializer} sets from it
 * for {@link dev.duplex.rsocket.boot.context.LocalRSocketServerPort @LocalRSocketServerPort}.
 */
@NullMarked
package dev.duplex.rsocket.boot.context;

import org.jspecify.annotations.NullMarked;
