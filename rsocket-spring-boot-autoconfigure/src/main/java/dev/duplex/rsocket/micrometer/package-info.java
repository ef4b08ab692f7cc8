/**
 * Micrometer meters for the engine's connections: a {@link dev.duplex.rsocket.ConnectionListener}
 * that counts connections, streams, frames and bytes, refused setups and keepalive timeouts.
 */
@NullMarked
package dev.duplex.rsocket.micrometer;

import org.jspecify.annotations.NullMarked;
