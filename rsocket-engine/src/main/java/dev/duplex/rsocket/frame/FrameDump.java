package dev.duplex.rsocket.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Describes a frame for logs and test failures: its decoded fields on one line, then a hex dump.
 *
 * <pre>
 * REQUEST_STREAM stream=5 flags=M n=16 metadata=8B data=5B
 *          +-------------------------------------------------+
 *          |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |
 * ...
 * </pre>
 *
 * A frame that does not decode is described by the {@link FrameDecodingException}'s message.
 */
public final class FrameDump {

  private FrameDump() {
  }

  /** The fields and hex dump of {@code frame} (borrowed; its reader index does not move). */
  public static String describe(ByteBuf frame) {
    return summary(frame) + System.lineSeparator() + ByteBufUtil.prettyHexDump(frame);
  }

  /** The decoded fields of {@code frame} on one line (borrowed). */
  public static String summary(ByteBuf frame) {
    try {
      Summary summary = new Summary(frame);
      FrameReader.read(frame, summary);
      return summary.text.toString();
    } catch (FrameDecodingException e) {
      return "malformed frame: " + e.getMessage();
    }
  }

  private static final class Summary implements FrameListener {

    private final StringBuilder text = new StringBuilder(96);
    private final int flags;

    Summary(ByteBuf frame) {
      this.flags = frame.readableBytes() >= FrameHeader.SIZE ? FrameHeader.flags(frame) : 0;
    }

    private Summary start(FrameType type, int streamId) {
      text.append(type).append(" stream=").append(streamId).append(" flags=");
      appendFlags(type);
      return this;
    }

    private void appendFlags(FrameType type) {
      int before = text.length();
      flag(FrameFlags.IGNORE, "I");
      flag(FrameFlags.METADATA, "M");
      switch (type) {
        case SETUP -> {
          flag(FrameFlags.RESUME_ENABLE, "R");
          flag(FrameFlags.LEASE, "L");
        }
        case KEEPALIVE -> flag(FrameFlags.RESPOND, "R");
        default -> {
          if (type.isFragmentable() || type == FrameType.EXT) {
            flag(FrameFlags.FOLLOWS, "F");
            flag(FrameFlags.COMPLETE, "C");
            flag(FrameFlags.NEXT, "N");
          }
        }
      }
      if (text.length() == before) {
        text.append('-');
      }
    }

    private void flag(int mask, String name) {
      if ((flags & mask) != 0) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '=') {
          text.append('|');
        }
        text.append(name);
      }
    }

    private Summary field(String name, Object value) {
      text.append(' ').append(name).append('=').append(value);
      return this;
    }

    private void payload(@Nullable ByteBuf metadata, ByteBuf data) {
      if (metadata != null) {
        field("metadata", metadata.readableBytes() + "B");
      }
      field("data", data.readableBytes() + "B");
    }

    @Override
    public void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
        int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
        String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
      start(FrameType.SETUP, streamId).field("version", majorVersion + "." + minorVersion)
          .field("keepalive", keepAliveInterval + "ms").field("lifetime", maxLifetime + "ms");
      if (resumeToken != null) {
        field("token", ByteBufUtil.hexDump(resumeToken));
      }
      field("metadataMime", metadataMimeType).field("dataMime", dataMimeType);
      payload(metadata, data);
    }

    @Override
    public void onLease(int streamId, int timeToLive, int numberOfRequests,
        @Nullable ByteBuf metadata) {
      start(FrameType.LEASE, streamId).field("ttl", timeToLive + "ms")
          .field("requests", numberOfRequests);
      if (metadata != null) {
        field("metadata", metadata.readableBytes() + "B");
      }
    }

    @Override
    public void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition,
        ByteBuf data) {
      start(FrameType.KEEPALIVE, streamId).field("position", lastReceivedPosition)
          .field("data", data.readableBytes() + "B");
    }

    @Override
    public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows) {
      start(FrameType.REQUEST_RESPONSE, streamId).payload(metadata, data);
    }

    @Override
    public void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows) {
      start(FrameType.REQUEST_FNF, streamId).payload(metadata, data);
    }

    @Override
    public void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
        ByteBuf data, boolean follows) {
      start(FrameType.REQUEST_STREAM, streamId).field("n", initialRequestN)
          .payload(metadata, data);
    }

    @Override
    public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
        ByteBuf data, boolean follows, boolean complete) {
      start(FrameType.REQUEST_CHANNEL, streamId).field("n", initialRequestN)
          .payload(metadata, data);
    }

    @Override
    public void onRequestN(int streamId, int requestN) {
      start(FrameType.REQUEST_N, streamId).field("n", requestN);
    }

    @Override
    public void onCancel(int streamId) {
      start(FrameType.CANCEL, streamId);
    }

    @Override
    public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows, boolean complete, boolean next) {
      start(FrameType.PAYLOAD, streamId).payload(metadata, data);
    }

    @Override
    public void onError(int streamId, int errorCode, ByteBuf data) {
      ErrorCode named = ErrorCode.fromCode(errorCode);
      start(FrameType.ERROR, streamId)
          .field("code", named != null ? named.name() : ErrorCode.toHex(errorCode))
          .field("message", '"' + data.toString(StandardCharsets.UTF_8) + '"');
    }

    @Override
    public void onMetadataPush(int streamId, ByteBuf metadata) {
      start(FrameType.METADATA_PUSH, streamId).field("metadata", metadata.readableBytes() + "B");
    }

    @Override
    public void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
        long lastReceivedServerPosition, long firstAvailableClientPosition) {
      start(FrameType.RESUME, streamId).field("version", majorVersion + "." + minorVersion)
          .field("token", ByteBufUtil.hexDump(resumeToken))
          .field("lastReceivedServerPosition", lastReceivedServerPosition)
          .field("firstAvailableClientPosition", firstAvailableClientPosition);
    }

    @Override
    public void onResumeOk(int streamId, long lastReceivedClientPosition) {
      start(FrameType.RESUME_OK, streamId)
          .field("lastReceivedClientPosition", lastReceivedClientPosition);
    }

    @Override
    public void onExtension(int streamId, int extendedType, boolean ignore,
        @Nullable ByteBuf metadata, ByteBuf data) {
      start(FrameType.EXT, streamId).field("extendedType", extendedType).payload(metadata, data);
    }
  }
}
