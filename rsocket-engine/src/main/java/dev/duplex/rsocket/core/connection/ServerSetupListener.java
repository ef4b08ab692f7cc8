package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.stream.StreamFrames;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameListener;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A server connection's first frame: SETUP (or RESUME), or the connection is refused
 * (checklist #82-#85). Once a SETUP is accepted, the handler replaces this listener with the
 * {@link FrameDispatcher}.
 */
final class ServerSetupListener implements FrameListener {

  /** The protocol version this engine speaks (checklist #34). */
  static final int MAJOR_VERSION = 1;

  private final ConnectionHandler handler;
  private final SocketAcceptor acceptor;

  ServerSetupListener(ConnectionHandler handler, SocketAcceptor acceptor) {
    this.handler = handler;
    this.acceptor = acceptor;
  }

  @Override
  public void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
    if (streamId != 0) {
      refuse(ErrorCode.INVALID_SETUP, "SETUP on stream " + streamId
          + " (expected: stream 0, checklist #83)");
    } else if (majorVersion != MAJOR_VERSION) {
      refuse(ErrorCode.UNSUPPORTED_SETUP, "Unsupported protocol version " + majorVersion + "."
          + minorVersion + " (expected: 1.x)");
    } else if (resumeToken != null) {
      refuse(ErrorCode.REJECTED_SETUP, "Resumption is not supported by this server "
          + "(checklist #32)");
    } else if (lease) {
      refuse(ErrorCode.UNSUPPORTED_SETUP, "Lease is not supported by this server");
    } else if (keepAliveInterval <= 0 || maxLifetime <= 0) {
      refuse(ErrorCode.INVALID_SETUP, "SETUP with keepalive interval " + keepAliveInterval
          + " ms and max lifetime " + maxLifetime + " ms (expected: both > 0, checklist #28, #29)");
    } else {
      Duration interval = Duration.ofMillis(keepAliveInterval);
      Duration lifetime = Duration.ofMillis(maxLifetime);
      handler.monitorKeepAlive(interval, lifetime);
      handler.accept(new ConnectionSetupPayload(majorVersion, minorVersion, interval, lifetime,
          metadataMimeType, dataMimeType, StreamFrames.payload(metadata, data)), acceptor);
    }
  }

  @Override
  public void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition) {
    refuse(ErrorCode.REJECTED_RESUME, "Resumption is not supported by this server");
  }

  @Override
  public void onLease(int streamId, int timeToLive, int numberOfRequests,
      @Nullable ByteBuf metadata) {
    beforeSetup(FrameType.LEASE);
  }

  @Override
  public void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition,
      ByteBuf data) {
    beforeSetup(FrameType.KEEPALIVE);
  }

  @Override
  public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    beforeSetup(FrameType.REQUEST_RESPONSE);
  }

  @Override
  public void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    beforeSetup(FrameType.REQUEST_FNF);
  }

  @Override
  public void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows) {
    beforeSetup(FrameType.REQUEST_STREAM);
  }

  @Override
  public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete) {
    beforeSetup(FrameType.REQUEST_CHANNEL);
  }

  @Override
  public void onRequestN(int streamId, int requestN) {
    beforeSetup(FrameType.REQUEST_N);
  }

  @Override
  public void onCancel(int streamId) {
    beforeSetup(FrameType.CANCEL);
  }

  @Override
  public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows,
      boolean complete, boolean next) {
    beforeSetup(FrameType.PAYLOAD);
  }

  @Override
  public void onError(int streamId, int errorCode, ByteBuf data) {
    beforeSetup(FrameType.ERROR);
  }

  @Override
  public void onMetadataPush(int streamId, ByteBuf metadata) {
    beforeSetup(FrameType.METADATA_PUSH);
  }

  @Override
  public void onResumeOk(int streamId, long lastReceivedClientPosition) {
    beforeSetup(FrameType.RESUME_OK);
  }

  @Override
  public void onExtension(int streamId, int extendedType, boolean ignore,
      @Nullable ByteBuf metadata, ByteBuf data) {
    beforeSetup(FrameType.EXT);
  }

  private void beforeSetup(FrameType type) {
    refuse(ErrorCode.INVALID_SETUP, type + " before SETUP (expected: SETUP or RESUME first, "
        + "checklist #83)");
  }

  private void refuse(ErrorCode code, String message) {
    handler.connectionError(code, message);
  }
}
