package dev.duplex.rsocket.frame;

import org.jspecify.annotations.Nullable;

/**
 * A frame, or metadata inside a frame, whose bytes do not have the layout of its type.
 *
 * <p>The message says what is wrong: the frame type, the stream, the field, its offset from the
 * first byte of the frame (or of the metadata), and the expected and actual lengths. Whoever reads
 * the frame decides the blast radius: a malformed frame is a connection error (checklist #21, #14)
 * unless {@link #isIgnorable()}, and malformed metadata is a stream error (checklist #190, #198).
 * The reader allocates nothing it would have to release, so throwing leaves no buffer behind; the
 * caller still owns the frame it passed in.
 */
public final class FrameDecodingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final @Nullable FrameType frameType;
  private final int streamId;
  private final boolean ignorable;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with field, offset and lengths
   * @param frameType the frame's type, or {@code null} when unknown or for metadata
   * @param streamId the frame's stream ID, or 0 when unknown
   * @param ignorable whether the frame had the I (ignore) flag set
   */
  public FrameDecodingException(String message, @Nullable FrameType frameType, int streamId,
      boolean ignorable) {
    super(message, null, false, false);
    this.frameType = frameType;
    this.streamId = streamId;
    this.ignorable = ignorable;
  }

  /** The type of the malformed frame, or {@code null} when unknown or for malformed metadata. */
  public @Nullable FrameType frameType() {
    return frameType;
  }

  /** The stream ID of the malformed frame, or 0 when it could not be read. */
  public int streamId() {
    return streamId;
  }

  /**
   * Whether the frame had the I flag set, so a receiver that cannot make sense of it drops it instead
   * of closing the connection (checklist #15, #21).
   */
  public boolean isIgnorable() {
    return ignorable;
  }
}
