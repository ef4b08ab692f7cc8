package dev.duplex.rsocket.messaging;

import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.MimeType;

/**
 * Registrations of extractors for metadata entries: each entry of a registered MIME type is decoded
 * to a target type and the value is stored in the output map; Spring's
 * {@code MetadataExtractorRegistry}.
 *
 * @see MetadataExtractor
 */
public interface MetadataExtractorRegistry {

  /**
   * Decodes metadata entries of {@code mimeType} to {@code targetType} and stores the value under
   * {@code name}.
   *
   * @param mimeType the MIME type of the metadata entries to extract
   * @param targetType the type to decode to
   * @param name the key for the decoded value; if {@code null}, the MIME type string is the key
   * @throws IllegalArgumentException if no decoder can decode {@code mimeType} to
   *     {@code targetType}
   */
  default void metadataToExtract(MimeType mimeType, Class<?> targetType, @Nullable String name) {
    String key = name != null ? name : mimeType.toString();
    metadataToExtract(mimeType, targetType, (value, map) -> map.put(key, value));
  }

  /**
   * Variant of {@link #metadataToExtract(MimeType, Class, String)} with a
   * {@link ParameterizedTypeReference} for a target type with generic parameters.
   *
   * @param mimeType the MIME type of the metadata entries to extract
   * @param targetType the type to decode to
   * @param name the key for the decoded value; if {@code null}, the MIME type string is the key
   * @throws IllegalArgumentException if no decoder can decode {@code mimeType} to
   *     {@code targetType}
   */
  default void metadataToExtract(
      MimeType mimeType, ParameterizedTypeReference<?> targetType, @Nullable String name) {
    String key = name != null ? name : mimeType.toString();
    metadataToExtract(mimeType, targetType, (value, map) -> map.put(key, value));
  }

  /**
   * Variant of {@link #metadataToExtract(MimeType, Class, String)} with custom logic that maps the
   * decoded value to any number of entries in the output map.
   *
   * @param mimeType the MIME type of the metadata entries to extract
   * @param targetType the type to decode to
   * @param mapper adds the decoded value to the output map
   * @param <T> the target type
   * @throws IllegalArgumentException if no decoder can decode {@code mimeType} to
   *     {@code targetType}
   */
  <T> void metadataToExtract(
      MimeType mimeType, Class<T> targetType, BiConsumer<T, Map<String, Object>> mapper);

  /**
   * Variant of {@link #metadataToExtract(MimeType, Class, BiConsumer)} with a
   * {@link ParameterizedTypeReference} for a target type with generic parameters.
   *
   * @param mimeType the MIME type of the metadata entries to extract
   * @param type the type to decode to
   * @param mapper adds the decoded value to the output map
   * @param <T> the target type
   * @throws IllegalArgumentException if no decoder can decode {@code mimeType} to {@code type}
   */
  <T> void metadataToExtract(
      MimeType mimeType, ParameterizedTypeReference<T> type,
      BiConsumer<T, Map<String, Object>> mapper);
}
