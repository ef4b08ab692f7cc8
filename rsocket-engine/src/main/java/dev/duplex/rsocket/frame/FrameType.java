package dev.duplex.rsocket.frame;

import org.jspecify.annotations.Nullable;

/**
 * The frame types of RSocket 1.0 (checklist #16) and what each may carry.
 *
 * <p>Type codes {@code 0x0F}–{@code 0x3E} are unassigned; {@link #fromCode(int)} returns {@code null}
 * for them and for {@code 0x00} (RESERVED).
 */
public enum FrameType {
  /** Connection setup, client to server, stream 0. */
  SETUP(0x01, true, true, false),
  /** Lease grant, stream 0; metadata runs to the end of the frame (no length field). */
  LEASE(0x02, true, false, false),
  /** Keepalive, stream 0. */
  KEEPALIVE(0x03, false, false, false),
  /** Request-response. */
  REQUEST_RESPONSE(0x04, true, true, true),
  /** Fire-and-forget. */
  REQUEST_FNF(0x05, true, true, true),
  /** Request-stream, with an initial request-n. */
  REQUEST_STREAM(0x06, true, true, true),
  /** Request-channel, with an initial request-n. */
  REQUEST_CHANNEL(0x07, true, true, true),
  /** More credit for a stream. */
  REQUEST_N(0x08, false, false, false),
  /** Cancel a stream. */
  CANCEL(0x09, false, false, false),
  /** A payload, completion, or both, on a stream. */
  PAYLOAD(0x0A, true, true, true),
  /** An error on a stream, or on the connection when on stream 0. */
  ERROR(0x0B, false, false, false),
  /** Metadata push, stream 0; metadata runs to the end of the frame (no length field). */
  METADATA_PUSH(0x0C, true, false, false),
  /** Resume a session, stream 0. */
  RESUME(0x0D, false, false, false),
  /** Resume accepted, stream 0. */
  RESUME_OK(0x0E, false, false, false),
  /** Extension frame. */
  EXT(0x3F, true, true, false);

  private static final FrameType[] BY_CODE = new FrameType[64];

  static {
    for (FrameType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;
  private final boolean canHaveMetadata;
  private final boolean hasMetadataLength;
  private final boolean fragmentable;

  FrameType(int code, boolean canHaveMetadata, boolean hasMetadataLength, boolean fragmentable) {
    this.code = code;
    this.canHaveMetadata = canHaveMetadata;
    this.hasMetadataLength = hasMetadataLength;
    this.fragmentable = fragmentable;
  }

  /** The 6-bit type code on the wire. */
  public int code() {
    return code;
  }

  /** Whether the M flag may be set on this type (checklist #24). */
  public boolean canHaveMetadata() {
    return canHaveMetadata;
  }

  /**
   * Whether metadata, when present, is preceded by a 24-bit length: true for types that carry both
   * metadata and data, false for LEASE and METADATA_PUSH (checklist #18, #22).
   */
  public boolean hasMetadataLength() {
    return hasMetadataLength;
  }

  /** Whether the F (follows) flag applies: PAYLOAD and the four requests (checklist #169). */
  public boolean isFragmentable() {
    return fragmentable;
  }

  /** Whether this type starts a stream. */
  public boolean isRequest() {
    return this == REQUEST_RESPONSE || this == REQUEST_FNF || this == REQUEST_STREAM
        || this == REQUEST_CHANNEL;
  }

  /** The type with this code, or {@code null} for RESERVED and unassigned codes. */
  public static @Nullable FrameType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
