package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.MimeType;

/**
 * The default {@link MetadataExtractor}, which decodes metadata entries with {@link Decoder}s;
 * Spring's {@code DefaultMetadataExtractor} on the engine's payload and metadata codecs.
 *
 * <p>By default only {@code message/x.rsocket.routing.v0} is extracted: its first tag is stored
 * under {@link MetadataExtractor#ROUTE_KEY}. Register other MIME types of interest with the
 * {@code metadataToExtract} methods; a registration for the routing MIME type replaces the built-in
 * route extraction. Entries are decoded from a retained slice of the payload's metadata wrapped
 * in a {@link NettyDataBuffer}, without copying, and the payload's reader indexes do not move, so
 * a payload can be extracted more than once. Registration is not thread-safe: register before use.
 */
public class DefaultMetadataExtractor implements MetadataExtractor, MetadataExtractorRegistry {

  private static final Log logger = LogFactory.getLog(DefaultMetadataExtractor.class);

  private static final String COMPOSITE_METADATA_VALUE = COMPOSITE_METADATA.toString();

  private static final String ROUTING_VALUE = ROUTING.toString();

  private final List<Decoder<?>> decoders;

  private final Map<String, EntryExtractor<?>> registrations = new HashMap<>();

  /** An extractor that decodes metadata entries with {@code decoders}. */
  public DefaultMetadataExtractor(Decoder<?>... decoders) {
    this(Arrays.asList(decoders));
  }

  /** An extractor that decodes metadata entries with {@code decoders}, in order. */
  public DefaultMetadataExtractor(List<Decoder<?>> decoders) {
    this.decoders = List.copyOf(decoders);
  }

  /** The configured decoders, read-only. */
  public List<? extends Decoder<?>> getDecoders() {
    return this.decoders;
  }

  @Override
  public <T> void metadataToExtract(
      MimeType mimeType, Class<T> targetType, BiConsumer<T, Map<String, Object>> mapper) {
    registerMetadata(mimeType, ResolvableType.forClass(targetType), mapper);
  }

  @Override
  public <T> void metadataToExtract(
      MimeType mimeType, ParameterizedTypeReference<T> type,
      BiConsumer<T, Map<String, Object>> mapper) {
    registerMetadata(mimeType, ResolvableType.forType(type), mapper);
  }

  @SuppressWarnings("unchecked")
  private <T> void registerMetadata(
      MimeType mimeType, ResolvableType targetType, BiConsumer<T, Map<String, Object>> mapper) {
    for (Decoder<?> decoder : this.decoders) {
      if (decoder.canDecode(targetType, mimeType)) {
        this.registrations.put(mimeType.toString(),
            new EntryExtractor<>((Decoder<T>) decoder, mimeType, targetType, mapper));
        return;
      }
    }
    throw new IllegalArgumentException("No decoder for " + mimeType + " and " + targetType);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A payload without metadata gives an empty map. Composite metadata entries with a reserved
   * MIME type ID, and empty entries, are skipped.
   *
   * @param payload the payload whose metadata is read (borrowed)
   * @throws DecodingException if composite metadata is malformed, or a decoder fails
   * @throws IllegalArgumentException if routing metadata is malformed
   */
  @Override
  public Map<String, Object> extract(Payload payload, MimeType metadataMimeType) {
    Map<String, Object> result = new HashMap<>();
    ByteBuf metadata = payload.metadata();
    if (metadata != null) {
      if (metadataMimeType.toString().equals(COMPOSITE_METADATA_VALUE)) {
        CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
        while (nextEntry(reader)) {
          extractEntry(reader.content(), reader.mimeType(), result);
        }
      } else {
        extractEntry(metadata.slice(), metadataMimeType.toString(), result);
      }
    }
    if (logger.isDebugEnabled()) {
      logger.debug("Values extracted from metadata: " + result
          + " with registrations for " + this.registrations.keySet() + ".");
    }
    return result;
  }

  private static boolean nextEntry(CompositeMetadata.Reader reader) {
    try {
      return reader.next();
    } catch (FrameDecodingException ex) {
      throw new DecodingException("Malformed composite metadata: " + ex.getMessage(), ex);
    }
  }

  private void extractEntry(
      ByteBuf content, @Nullable String mimeType, Map<String, Object> result) {
    if (content.readableBytes() == 0) {
      return;
    }
    EntryExtractor<?> extractor = this.registrations.get(mimeType);
    if (extractor != null) {
      extractor.extract(content, result);
      return;
    }
    if (ROUTING_VALUE.equals(mimeType)) {
      String route;
      try {
        route = RoutingMetadata.firstTag(content);
      } catch (FrameDecodingException ex) {
        throw new IllegalArgumentException("Malformed routing metadata: " + ex.getMessage(), ex);
      }
      if (route != null) {
        result.put(MetadataExtractor.ROUTE_KEY, route);
      }
    }
  }

  @Override
  public String toString() {
    return "DefaultMetadataExtractor" + this.registrations.values();
  }

  private static final class EntryExtractor<T> {

    // Only wraps ByteBufs, so the allocator is never used for the metadata itself.
    private static final NettyDataBufferFactory bufferFactory =
        new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final Decoder<T> decoder;

    private final MimeType mimeType;

    private final ResolvableType targetType;

    private final BiConsumer<T, Map<String, Object>> accumulator;

    EntryExtractor(Decoder<T> decoder, MimeType mimeType, ResolvableType targetType,
        BiConsumer<T, Map<String, Object>> accumulator) {
      this.decoder = decoder;
      this.mimeType = mimeType;
      this.targetType = targetType;
      this.accumulator = accumulator;
    }

    /**
     * Decodes {@code content} (borrowed: an unretained slice of the payload's metadata) from a
     * retained slice that the decoder releases, as Spring's decoders do. If the decoder throws
     * without releasing it, it is released here.
     */
    void extract(ByteBuf content, Map<String, Object> result) {
      int refCnt = content.refCnt();
      NettyDataBuffer dataBuffer = bufferFactory.wrap(content.retain());
      T value;
      try {
        value = this.decoder.decode(dataBuffer, this.targetType, this.mimeType,
            Collections.emptyMap());
      } catch (RuntimeException ex) {
        if (content.refCnt() > refCnt) {
          content.release();
        }
        throw ex;
      }
      this.accumulator.accept(value, result);
    }

    @Override
    public String toString() {
      return "\"" + this.mimeType + "\" => " + this.targetType;
    }
  }
}
