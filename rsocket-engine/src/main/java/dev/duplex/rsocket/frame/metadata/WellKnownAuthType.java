package dev.duplex.rsocket.frame.metadata;

import org.jspecify.annotations.Nullable;

/**
 * The well-known authentication types of {@code Extensions/Security/WellKnownAuthTypes.md}
 * (checklist #201): a 7-bit ID that stands for an auth-type string in {@link AuthMetadata}. IDs
 * {@code 0x02}–{@code 0x7F} are unassigned.
 */
public enum WellKnownAuthType {
  /** Username and password (checklist #202). */
  SIMPLE(0x00, "simple"),
  /** A bearer token (checklist #203). */
  BEARER(0x01, "bearer");

  private static final WellKnownAuthType[] BY_IDENTIFIER = values();

  private final int identifier;
  private final String string;

  WellKnownAuthType(int identifier, String string) {
    this.identifier = identifier;
    this.string = string;
  }

  /** The 7-bit ID, without the {@code 0x80} flag it carries on the wire. */
  public int identifier() {
    return identifier;
  }

  /** The auth-type string, as spelled in the spec's table. */
  public String string() {
    return string;
  }

  /** The type with this 7-bit ID, or {@code null} for an unassigned ID or one outside 0..127. */
  public static @Nullable WellKnownAuthType fromIdentifier(int identifier) {
    return identifier >= 0 && identifier < BY_IDENTIFIER.length ? BY_IDENTIFIER[identifier] : null;
  }

  /** The type whose string is exactly {@code authType}, or {@code null}. */
  public static @Nullable WellKnownAuthType fromString(String authType) {
    for (WellKnownAuthType type : BY_IDENTIFIER) {
      if (type.string.equals(authType)) {
        return type;
      }
    }
    return null;
  }
}
