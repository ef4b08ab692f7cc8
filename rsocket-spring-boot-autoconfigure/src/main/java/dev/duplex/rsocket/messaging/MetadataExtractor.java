package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Strategy to extract a map of values from {@link Payload} metadata, which may be composite
 * metadata with several entries; Spring's {@code MetadataExtractor} on the engine's payload.
 *
 * <p>Each metadata entry is decoded according to its MIME type and the decoded value is given a
 * name. The name-value pairs can become the headers of a Spring
 * {@link org.springframework.messaging.Message Message}.
 *
 * @see MetadataExtractorRegistry
 * @see DefaultMetadataExtractor
 */
public interface MetadataExtractor {

  /** The key under which the extracted route of the payload is stored. */
  String ROUTE_KEY = "route";

  /** {@code message/x.rsocket.composite-metadata.v0}, the MIME type of composite metadata. */
  MimeType COMPOSITE_METADATA = MimeTypeUtils.parseMimeType(
      WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.string());

  /** {@code message/x.rsocket.routing.v0}, the MIME type of routing metadata. */
  MimeType ROUTING = MimeTypeUtils.parseMimeType(
      WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.string());

  /**
   * Extracts a map of values from the metadata of {@code payload}. The route, if present, is stored
   * under {@link #ROUTE_KEY}.
   *
   * @param payload the payload whose metadata is read (borrowed: neither released nor moved; a
   *     decoded value that holds a buffer, such as a {@code DataBuffer}, holds a retained slice
   *     of the metadata and is the caller's to release)
   * @param metadataMimeType the metadata MIME type of the connection
   * @return the extracted name-value pairs, in a mutable map
   * @throws DecodingException if the metadata cannot be decoded
   * @throws IllegalArgumentException if routing metadata cannot be decoded
   */
  Map<String, Object> extract(Payload payload, MimeType metadataMimeType);
}
