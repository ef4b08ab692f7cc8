/**
 * The RSocket 1.0 wire format: frame types, flags, header, error codes, and the codec that reads
 * frames into {@link dev.duplex.rsocket.frame.FrameListener} calls ({@link
 * dev.duplex.rsocket.frame.FrameReader}) and writes them into buffers ({@link
 * dev.duplex.rsocket.frame.FrameWriter}).
 *
 * <p>This package knows frames, not streams or connections: it checks that a frame's bytes have the
 * layout of its type and leaves protocol rules (which frame may arrive when) to the connection. It
 * depends on nothing but Netty buffers. The 24-bit frame length prefix of stream transports lives in
 * {@code dev.duplex.rsocket.transport.tcp}.
 */
@NullMarked
package dev.duplex.rsocket.frame;

import org.jspecify.annotations.NullMarked;
