/**
 * RSocket inside one JVM: {@link dev.duplex.rsocket.transport.local.LocalServerTransport} binds a
 * name and {@link dev.duplex.rsocket.transport.local.LocalClientTransport} connects to it, on
 * Netty's local channels and a shared group of daemon event loops. Frames travel as buffers,
 * without a length prefix or a copy; tests use this transport to run real connections without
 * sockets.
 */
@NullMarked
package dev.duplex.rsocket.transport.local;

import org.jspecify.annotations.NullMarked;
