package dev.duplex.rsocket.frame;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The decoded fields of one frame, as {@link RecordingFrameListener} saw them: an immutable value
 * with every buffer copied out as lower-case hex, so records compare with {@code equals} and keep
 * nothing of the frame alive.
 *
 * <p>Metadata is {@code null} when the M flag was clear and {@code ""} when it was set with
 * zero-length metadata, as {@link FrameListener} hands it over.
 */
sealed interface RecordedFrame {

  /** The frame's stream ID. */
  int streamId();

  /** The frame's type. */
  FrameType type();

  /** Lower-case hex of UTF-8 {@code text}, for writing expected records by hand. */
  static String utf8Hex(String text) {
    return ByteBufUtil.hexDump(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SETUP (checklist #27); {@code resumeToken} is non-null exactly when R was set. */
  record SetupFrame(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable String resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable String metadata, String data) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.SETUP;
    }
  }

  /** LEASE (checklist #39). */
  record LeaseFrame(int streamId, int timeToLive, int numberOfRequests, @Nullable String metadata)
      implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.LEASE;
    }
  }

  /** KEEPALIVE (checklist #45). */
  record KeepAliveFrame(int streamId, boolean respond, long lastReceivedPosition, String data)
      implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.KEEPALIVE;
    }
  }

  /** REQUEST_RESPONSE (checklist #47). */
  record RequestResponseFrame(int streamId, @Nullable String metadata, String data,
      boolean follows) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_RESPONSE;
    }
  }

  /** REQUEST_FNF (checklist #47). */
  record RequestFnfFrame(int streamId, @Nullable String metadata, String data, boolean follows)
      implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_FNF;
    }
  }

  /** REQUEST_STREAM (checklist #48). */
  record RequestStreamFrame(int streamId, int initialRequestN, @Nullable String metadata,
      String data, boolean follows) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_STREAM;
    }
  }

  /** REQUEST_CHANNEL (checklist #50). */
  record RequestChannelFrame(int streamId, int initialRequestN, @Nullable String metadata,
      String data, boolean follows, boolean complete) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_CHANNEL;
    }
  }

  /** REQUEST_N (checklist #53). */
  record RequestNFrame(int streamId, int requestN) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_N;
    }
  }

  /** CANCEL (checklist #55). */
  record CancelFrame(int streamId) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.CANCEL;
    }
  }

  /** PAYLOAD (checklist #56). */
  record PayloadFrame(int streamId, @Nullable String metadata, String data, boolean follows,
      boolean complete, boolean next) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.PAYLOAD;
    }
  }

  /** ERROR (checklist #35); {@code data} is the hex of the UTF-8 message. */
  record ErrorFrame(int streamId, int errorCode, String data) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.ERROR;
    }

    /** The error data decoded as UTF-8. */
    String message() {
      return new String(ByteBufUtil.decodeHexDump(data), StandardCharsets.UTF_8);
    }
  }

  /** METADATA_PUSH (checklist #62). */
  record MetadataPushFrame(int streamId, String metadata) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.METADATA_PUSH;
    }
  }

  /** RESUME (checklist #65). */
  record ResumeFrame(int streamId, int majorVersion, int minorVersion, String resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition)
      implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.RESUME;
    }
  }

  /** RESUME_OK (checklist #66). */
  record ResumeOkFrame(int streamId, long lastReceivedClientPosition) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.RESUME_OK;
    }
  }

  /** EXT (checklist #67). */
  record ExtensionFrame(int streamId, int extendedType, boolean ignore, @Nullable String metadata,
      String data) implements RecordedFrame {
    @Override
    public FrameType type() {
      return FrameType.EXT;
    }
  }
}
