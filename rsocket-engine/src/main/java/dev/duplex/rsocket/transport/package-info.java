/**
 * The transport SPI the engine runs on: a {@link dev.duplex.rsocket.transport.DuplexConnection}
 * carries whole RSocket frames both ways, a {@link dev.duplex.rsocket.transport.ClientTransport}
 * opens one, and a {@link dev.duplex.rsocket.transport.ServerTransport} accepts them. The engine
 * sees transports only through these types.
 */
@NullMarked
package dev.duplex.rsocket.transport;

import org.jspecify.annotations.NullMarked;
