/**
 * Internal; not API. The Netty glue every transport shares:
 * {@link dev.duplex.rsocket.transport.netty.ChannelDuplexConnection} runs a
 * {@link dev.duplex.rsocket.transport.DuplexConnection} over a {@link io.netty.channel.Channel}
 * whose pipeline already turns bytes into whole frames (a length codec, WebSocket binary messages,
 * or nothing for in-JVM channels), with its inbound handler, and
 * {@link dev.duplex.rsocket.transport.netty.ChannelBoundServer} is a bound server channel. Public
 * only so that {@code transport.tcp}, {@code transport.websocket} and {@code transport.local} can
 * use them.
 */
@NullMarked
package dev.duplex.rsocket.transport.netty;

import org.jspecify.annotations.NullMarked;
