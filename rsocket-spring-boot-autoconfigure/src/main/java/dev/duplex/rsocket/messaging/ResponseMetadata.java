package dev.duplex.rsocket.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import reactor.core.publisher.Mono;

/**
 * Metadata a handler sends back with its response, beyond Spring (spring-framework#27478).
 *
 * <p>A {@code @MessageMapping} method declares a {@code ResponseMetadata} parameter and adds
 * entries to it; they travel as the metadata of the response's first payload, encoded like request
 * metadata (one composite entry each when the connection's metadata MIME type is composite). The
 * requester reads them with {@link RSocketRequester.RetrieveSpec#retrieveResponse(Class)}. A
 * handler that does not declare the parameter pays nothing.
 */
public final class ResponseMetadata {

  /** The message header under which a handler's {@code ResponseMetadata} travels. */
  public static final String HEADER = "rsocketResponseMetadata";

  private final List<Entry> entries = new ArrayList<>(2);

  /**
   * Adds an entry, encoded with the strategies' encoders for {@code mimeType}.
   *
   * @return this, for chaining
   */
  public synchronized ResponseMetadata add(Object value, MimeType mimeType) {
    Assert.notNull(value, "'value' must not be null");
    Assert.notNull(mimeType, "'mimeType' must not be null");
    entries.add(new Entry(value, mimeType));
    return this;
  }

  /** Whether no entry was added. */
  public synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Encodes the entries as metadata of {@code metadataMimeType} (returns an owned buffer).
   *
   * @throws IllegalArgumentException as {@code RSocketRequester.metadata(...)} does, e.g. for
   *     several entries with a metadata MIME type that is not composite
   */
  public synchronized Mono<DataBuffer> encode(MimeType metadataMimeType,
      RSocketStrategies strategies) {
    MetadataEncoder encoder = new MetadataEncoder(metadataMimeType, strategies);
    for (Entry entry : entries) {
      encoder.metadata(entry.value(), entry.mimeType());
    }
    return encoder.encode();
  }

  private record Entry(Object value, MimeType mimeType) {
  }
}
