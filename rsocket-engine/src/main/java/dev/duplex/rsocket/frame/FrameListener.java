package dev.duplex.rsocket.frame;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Receives the fields of each frame that {@link FrameReader} decodes, one method per frame type.
 *
 * <p>Every {@code ByteBuf} argument is <b>borrowed</b>: it is a slice of the frame, valid only
 * during the call. To keep it, call {@code retain()} (or {@code retainedSlice()}) and release it
 * later. Metadata is {@code null} when the frame's M flag is clear and an empty buffer when the flag
 * is set with zero-length metadata; data is never {@code null}. Values are passed as read: the
 * reader checks layout, not protocol rules (a REQUEST_N of 0, a SETUP on stream 7), which are the
 * listener's to enforce.
 */
public interface FrameListener {

  /** SETUP (checklist #27). {@code resumeToken} is non-null exactly when the R flag is set. */
  void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data);

  /** LEASE (checklist #39). */
  void onLease(int streamId, int timeToLive, int numberOfRequests, @Nullable ByteBuf metadata);

  /** KEEPALIVE (checklist #45). */
  void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition, ByteBuf data);

  /** REQUEST_RESPONSE (checklist #47). */
  void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows);

  /** REQUEST_FNF (checklist #47). */
  void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows);

  /** REQUEST_STREAM (checklist #48). */
  void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows);

  /** REQUEST_CHANNEL (checklist #50). */
  void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete);

  /** REQUEST_N (checklist #53). */
  void onRequestN(int streamId, int requestN);

  /** CANCEL (checklist #55). */
  void onCancel(int streamId);

  /** PAYLOAD (checklist #56). */
  void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows,
      boolean complete, boolean next);

  /** ERROR (checklist #35); {@code data} is the UTF-8 error message. */
  void onError(int streamId, int errorCode, ByteBuf data);

  /** METADATA_PUSH (checklist #62): the metadata runs to the end of the frame. */
  void onMetadataPush(int streamId, ByteBuf metadata);

  /** RESUME (checklist #65). */
  void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition);

  /** RESUME_OK (checklist #66). */
  void onResumeOk(int streamId, long lastReceivedClientPosition);

  /** EXT (checklist #67); no extended types are registered, so a receiver treats it as unknown. */
  void onExtension(int streamId, int extendedType, boolean ignore, @Nullable ByteBuf metadata,
      ByteBuf data);
}
