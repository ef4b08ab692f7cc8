/**
 * RSocket over TCP: {@link dev.duplex.rsocket.transport.tcp.TcpServerTransport} and
 * {@link dev.duplex.rsocket.transport.tcp.TcpClientTransport}, on Reactor Netty, and their framing.
 * RSocket frames on a byte stream are each preceded by a 24-bit big-endian length (checklist #3),
 * which {@link dev.duplex.rsocket.transport.tcp.FrameLengthDecoder} strips and
 * {@link dev.duplex.rsocket.transport.tcp.FrameLengthEncoder} adds. Transports that keep message
 * boundaries, such as WebSocket, carry frames without it (checklist #4). Both transports take a
 * Netty {@code SslContext} for TLS.
 *
 * <p>Connections use Netty's pooled allocator: its slices are recycled, so reading a frame and
 * handing its payload to the application allocates no buffer objects. A customizer may set
 * another {@code ChannelOption.ALLOCATOR}.
 */
@NullMarked
package dev.duplex.rsocket.transport.tcp;

import org.jspecify.annotations.NullMarked;
