package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trace context in composite metadata: each propagation field is one entry whose MIME type is the
 * field's name and whose content is the field's value as UTF-8, such as an entry
 * {@code traceparent} with {@code 00-<trace id>-<span id>-01} (W3C Trace Context) or {@code b3}
 * (Zipkin B3), whichever the application's propagator writes. rsocket-java's
 * {@code rsocket-micrometer} writes and reads the same entries, so a trace crosses to and from its
 * peers.
 *
 * <p>Reading also accepts the spec's tracing extension
 * ({@code message/x.rsocket.tracing-zipkin.v0}, checklist #207–#209), as the single {@code b3}
 * field, for a propagator that reads B3.
 */
public final class RSocketPropagationMetadata {

  private static final String B3 = "b3";

  private RSocketPropagationMetadata() {
  }

  /**
   * Appends one entry per field.
   *
   * @param compositeMetadata where the entries go (borrowed)
   * @param fields the propagation fields, by name
   * @throws IllegalArgumentException if a name is not 1 to 128 US-ASCII characters
   */
  public static void write(ByteBuf compositeMetadata, Map<String, String> fields) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      int mark = CompositeMetadata.beginEntry(compositeMetadata, field.getKey());
      compositeMetadata.writeCharSequence(field.getValue(), StandardCharsets.UTF_8);
      CompositeMetadata.endEntry(compositeMetadata, mark);
    }
  }

  /**
   * The propagation fields of {@code compositeMetadata}: the entries whose MIME type is written as
   * a string without a {@code '/'} (a field name, not a media type), the first of each name, and a
   * {@code b3} field from Zipkin tracing metadata unless a {@code b3} entry is present. Malformed
   * metadata ends the reading; the fields before it are returned.
   *
   * @param compositeMetadata composite metadata (borrowed)
   */
  public static Map<String, String> read(ByteBuf compositeMetadata) {
    Map<String, String> fields = new LinkedHashMap<>(4);
    String zipkinB3 = null;
    CompositeMetadata.Reader reader = CompositeMetadata.reader(compositeMetadata);
    try {
      while (reader.next()) {
        if (reader.mimeTypeId() >= 0) {
          if (zipkinB3 == null
              && reader.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN)) {
            zipkinB3 = b3(ZipkinTracingMetadata.decode(reader.content()));
          }
          continue;
        }
        String name = reader.mimeType();
        if (name != null && name.indexOf('/') < 0) {
          fields.putIfAbsent(name, reader.content().toString(StandardCharsets.UTF_8));
        } else if (zipkinB3 == null
            && reader.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN)) {
          zipkinB3 = b3(ZipkinTracingMetadata.decode(reader.content()));
        }
      }
    } catch (FrameDecodingException ex) {
      // malformed: the metadata extractor reports it to the handler
    }
    if (zipkinB3 != null && !zipkinB3.isEmpty()) {
      fields.putIfAbsent(B3, zipkinB3);
    }
    return fields;
  }

  /**
   * The single-header B3 form of {@code tracing}:
   * {@code <trace id>-<span id>[-<sampling>[-<parent span id>]]}, or only the sampling flag
   * without IDs; empty when there is nothing to say.
   */
  static String b3(ZipkinTracingMetadata tracing) {
    String sampling = switch (tracing.sampling()) {
      case UNDECIDED -> "";
      case NOT_SAMPLED -> "0";
      case SAMPLED -> "1";
      case DEBUG -> "d";
    };
    if (!tracing.hasIds()) {
      return sampling;
    }
    StringBuilder b3 = new StringBuilder(68);
    if (tracing.traceId128()) {
      b3.append(hex(tracing.traceIdHigh()));
    }
    b3.append(hex(tracing.traceId())).append('-').append(hex(tracing.spanId()));
    if (!sampling.isEmpty()) {
      b3.append('-').append(sampling);
      if (tracing.hasParentId()) {
        b3.append('-').append(hex(tracing.parentId()));
      }
    }
    return b3.toString();
  }

  private static String hex(long id) {
    String hex = Long.toHexString(id);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
