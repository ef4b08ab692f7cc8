package dev.duplex.rsocket.messaging;

import java.util.Map;

/**
 * A response's data together with the metadata that came with it, as
 * {@link RSocketRequester.RetrieveSpec#retrieveResponse(Class)} gives them; beyond Spring
 * (spring-framework#27478).
 *
 * @param data the decoded data
 * @param metadata the metadata, extracted with the strategies' {@link MetadataExtractor} (the
 *     route, if any, under {@link MetadataExtractor#ROUTE_KEY}); empty when there was none
 * @param <T> the data type
 */
public record RSocketResponse<T>(T data, Map<String, Object> metadata) {
}
