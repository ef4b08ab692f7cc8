package dev.duplex.rsocket.frame.metadata;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The well-known MIME types of {@code Extensions/WellKnownMimeTypes.md} (checklist #191): a 7-bit
 * ID that stands for a MIME string in composite metadata and per-stream MIME type entries.
 *
 * <p>IDs {@code 0x2B}–{@code 0x79} are unassigned ({@link #isReserved(int)}); receivers skip
 * entries that carry them (checklist #189, #192). rsocket-java 1.1 does not know {@link
 * #APPLICATION_CAPNP} and {@link #APPLICATION_FLATBUFFERS} (checklist #194); send those as strings
 * to rsocket-java peers.
 */
public enum WellKnownMimeType {
  APPLICATION_AVRO(0x00, "application/avro"),
  APPLICATION_CBOR(0x01, "application/cbor"),
  APPLICATION_GRAPHQL(0x02, "application/graphql"),
  APPLICATION_GZIP(0x03, "application/gzip"),
  APPLICATION_JAVASCRIPT(0x04, "application/javascript"),
  APPLICATION_JSON(0x05, "application/json"),
  APPLICATION_OCTET_STREAM(0x06, "application/octet-stream"),
  APPLICATION_PDF(0x07, "application/pdf"),
  APPLICATION_THRIFT(0x08, "application/vnd.apache.thrift.binary"),
  APPLICATION_PROTOBUF(0x09, "application/vnd.google.protobuf"),
  APPLICATION_XML(0x0A, "application/xml"),
  APPLICATION_ZIP(0x0B, "application/zip"),
  AUDIO_AAC(0x0C, "audio/aac"),
  AUDIO_MP3(0x0D, "audio/mp3"),
  AUDIO_MP4(0x0E, "audio/mp4"),
  AUDIO_MPEG3(0x0F, "audio/mpeg3"),
  AUDIO_MPEG(0x10, "audio/mpeg"),
  AUDIO_OGG(0x11, "audio/ogg"),
  AUDIO_OPUS(0x12, "audio/opus"),
  AUDIO_VORBIS(0x13, "audio/vorbis"),
  IMAGE_BMP(0x14, "image/bmp"),
  IMAGE_GIF(0x15, "image/gif"),
  IMAGE_HEIC_SEQUENCE(0x16, "image/heic-sequence"),
  IMAGE_HEIC(0x17, "image/heic"),
  IMAGE_HEIF_SEQUENCE(0x18, "image/heif-sequence"),
  IMAGE_HEIF(0x19, "image/heif"),
  IMAGE_JPEG(0x1A, "image/jpeg"),
  IMAGE_PNG(0x1B, "image/png"),
  IMAGE_TIFF(0x1C, "image/tiff"),
  MULTIPART_MIXED(0x1D, "multipart/mixed"),
  TEXT_CSS(0x1E, "text/css"),
  TEXT_CSV(0x1F, "text/csv"),
  TEXT_HTML(0x20, "text/html"),
  TEXT_PLAIN(0x21, "text/plain"),
  TEXT_XML(0x22, "text/xml"),
  VIDEO_H264(0x23, "video/H264"),
  VIDEO_H265(0x24, "video/H265"),
  VIDEO_VP8(0x25, "video/VP8"),
  APPLICATION_HESSIAN(0x26, "application/x-hessian"),
  APPLICATION_JAVA_OBJECT(0x27, "application/x-java-object"),
  APPLICATION_CLOUDEVENTS_JSON(0x28, "application/cloudevents+json"),
  /** Not known to rsocket-java 1.1 (checklist #194). */
  APPLICATION_CAPNP(0x29, "application/x-capnp"),
  /** Not known to rsocket-java 1.1 (checklist #194). */
  APPLICATION_FLATBUFFERS(0x2A, "application/x-flatbuffers"),
  /** Per-stream data MIME type (checklist #204). */
  MESSAGE_RSOCKET_MIME_TYPE(0x7A, "message/x.rsocket.mime-type.v0"),
  /** Per-stream acceptable data MIME types (checklist #205). */
  MESSAGE_RSOCKET_ACCEPT_MIME_TYPES(0x7B, "message/x.rsocket.accept-mime-types.v0"),
  /** Authentication (checklist #199). */
  MESSAGE_RSOCKET_AUTHENTICATION(0x7C, "message/x.rsocket.authentication.v0"),
  /** Zipkin tracing (checklist #207). */
  MESSAGE_RSOCKET_TRACING_ZIPKIN(0x7D, "message/x.rsocket.tracing-zipkin.v0"),
  /** Routing (checklist #195). */
  MESSAGE_RSOCKET_ROUTING(0x7E, "message/x.rsocket.routing.v0"),
  /** Composite metadata, as the SETUP metadata MIME type (checklist #184). */
  MESSAGE_RSOCKET_COMPOSITE_METADATA(0x7F, "message/x.rsocket.composite-metadata.v0");

  private static final int FIRST_RESERVED = 0x2B;
  private static final int LAST_RESERVED = 0x79;

  private static final WellKnownMimeType[] BY_IDENTIFIER = new WellKnownMimeType[128];
  private static final Map<String, WellKnownMimeType> BY_STRING = new HashMap<>();

  static {
    for (WellKnownMimeType type : values()) {
      BY_IDENTIFIER[type.identifier] = type;
      BY_STRING.put(type.string, type);
    }
  }

  private final int identifier;
  private final String string;

  WellKnownMimeType(int identifier, String string) {
    this.identifier = identifier;
    this.string = string;
  }

  /** The 7-bit ID, without the {@code 0x80} flag it carries on the wire. */
  public int identifier() {
    return identifier;
  }

  /** The MIME string, as spelled in the spec's table. */
  public String string() {
    return string;
  }

  /**
   * The type with this 7-bit ID, or {@code null} for an unassigned ID or one outside
   * {@code 0..127}.
   */
  public static @Nullable WellKnownMimeType fromIdentifier(int identifier) {
    return identifier >= 0 && identifier < BY_IDENTIFIER.length ? BY_IDENTIFIER[identifier] : null;
  }

  /**
   * The type whose MIME string is exactly {@code mimeType} (case and parameters included), or
   * {@code null}.
   */
  public static @Nullable WellKnownMimeType fromString(String mimeType) {
    return BY_STRING.get(mimeType);
  }

  /**
   * Whether {@code identifier} is one of the unassigned IDs {@code 0x2B}–{@code 0x79}, which a
   * receiver skips (checklist #192).
   */
  public static boolean isReserved(int identifier) {
    return identifier >= FIRST_RESERVED && identifier <= LAST_RESERVED;
  }
}
