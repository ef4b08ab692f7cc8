package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.frame.RecordedFrame.CancelFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ErrorFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ExtensionFrame;
import dev.duplex.rsocket.frame.RecordedFrame.KeepAliveFrame;
import dev.duplex.rsocket.frame.RecordedFrame.LeaseFrame;
import dev.duplex.rsocket.frame.RecordedFrame.MetadataPushFrame;
import dev.duplex.rsocket.frame.RecordedFrame.PayloadFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestChannelFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestFnfFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestNFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestResponseFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestStreamFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ResumeFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ResumeOkFrame;
import dev.duplex.rsocket.frame.RecordedFrame.SetupFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameListener} that turns each callback into a {@link RecordedFrame}.
 *
 * <p>Buffers are borrowed by the listener contract, so each one is copied out as hex during the
 * callback and nothing is retained: a test that releases the frame after {@link FrameReader#read}
 * leaves no buffer behind. Tests may override a callback to look at the borrowed buffers.
 */
class RecordingFrameListener implements FrameListener {

  private final List<RecordedFrame> frames = new ArrayList<>();

  /** Decodes {@code frame} (borrowed; the caller still releases it) and returns its one record. */
  static RecordedFrame decode(ByteBuf frame) {
    RecordingFrameListener listener = new RecordingFrameListener();
    FrameReader.read(frame, listener);
    assertThat(listener.frames()).as("frames decoded from one read").hasSize(1);
    return listener.frames().get(0);
  }

  /** The frames recorded so far, in arrival order. */
  List<RecordedFrame> frames() {
    return List.copyOf(frames);
  }

  private static String hex(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  private static @Nullable String hexOrNull(@Nullable ByteBuf buf) {
    return buf == null ? null : ByteBufUtil.hexDump(buf);
  }

  @Override
  public void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
    frames.add(new SetupFrame(streamId, majorVersion, minorVersion, keepAliveInterval, maxLifetime,
        hexOrNull(resumeToken), lease, metadataMimeType, dataMimeType, hexOrNull(metadata),
        hex(data)));
  }

  @Override
  public void onLease(int streamId, int timeToLive, int numberOfRequests,
      @Nullable ByteBuf metadata) {
    frames.add(new LeaseFrame(streamId, timeToLive, numberOfRequests, hexOrNull(metadata)));
  }

  @Override
  public void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition, ByteBuf data) {
    frames.add(new KeepAliveFrame(streamId, respond, lastReceivedPosition, hex(data)));
  }

  @Override
  public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    frames.add(new RequestResponseFrame(streamId, hexOrNull(metadata), hex(data), follows));
  }

  @Override
  public void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    frames.add(new RequestFnfFrame(streamId, hexOrNull(metadata), hex(data), follows));
  }

  @Override
  public void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows) {
    frames.add(new RequestStreamFrame(streamId, initialRequestN, hexOrNull(metadata), hex(data),
        follows));
  }

  @Override
  public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete) {
    frames.add(new RequestChannelFrame(streamId, initialRequestN, hexOrNull(metadata), hex(data),
        follows, complete));
  }

  @Override
  public void onRequestN(int streamId, int requestN) {
    frames.add(new RequestNFrame(streamId, requestN));
  }

  @Override
  public void onCancel(int streamId) {
    frames.add(new CancelFrame(streamId));
  }

  @Override
  public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows,
      boolean complete, boolean next) {
    frames.add(new PayloadFrame(streamId, hexOrNull(metadata), hex(data), follows, complete,
        next));
  }

  @Override
  public void onError(int streamId, int errorCode, ByteBuf data) {
    frames.add(new ErrorFrame(streamId, errorCode, hex(data)));
  }

  @Override
  public void onMetadataPush(int streamId, ByteBuf metadata) {
    frames.add(new MetadataPushFrame(streamId, hex(metadata)));
  }

  @Override
  public void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition) {
    frames.add(new ResumeFrame(streamId, majorVersion, minorVersion, hex(resumeToken),
        lastReceivedServerPosition, firstAvailableClientPosition));
  }

  @Override
  public void onResumeOk(int streamId, long lastReceivedClientPosition) {
    frames.add(new ResumeOkFrame(streamId, lastReceivedClientPosition));
  }

  @Override
  public void onExtension(int streamId, int extendedType, boolean ignore,
      @Nullable ByteBuf metadata, ByteBuf data) {
    frames.add(new ExtensionFrame(streamId, extendedType, ignore, hexOrNull(metadata), hex(data)));
  }
}
