package dev.duplex.rsocket.frame;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameListener} that ignores every frame; extend it to handle only the frames of interest
 * (a tool that reads routes, a test). The connection's own listener implements {@link
 * FrameListener} in full, so no frame type can be dropped by omission there.
 */
public abstract class FrameListenerAdapter implements FrameListener {

  @Override
  public void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
  }

  @Override
  public void onLease(int streamId, int timeToLive, int numberOfRequests,
      @Nullable ByteBuf metadata) {
  }

  @Override
  public void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition, ByteBuf data) {
  }

  @Override
  public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
  }

  @Override
  public void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
  }

  @Override
  public void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows) {
  }

  @Override
  public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete) {
  }

  @Override
  public void onRequestN(int streamId, int requestN) {
  }

  @Override
  public void onCancel(int streamId) {
  }

  @Override
  public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows,
      boolean complete, boolean next) {
  }

  @Override
  public void onError(int streamId, int errorCode, ByteBuf data) {
  }

  @Override
  public void onMetadataPush(int streamId, ByteBuf metadata) {
  }

  @Override
  public void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition) {
  }

  @Override
  public void onResumeOk(int streamId, long lastReceivedClientPosition) {
  }

  @Override
  public void onExtension(int streamId, int extendedType, boolean ignore,
      @Nullable ByteBuf metadata, ByteBuf data) {
  }
}
