package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.ascii;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.bytes;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.hex;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthMetadataTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  // checklist #200, #202
  private static final String[] SIMPLE = {
      "80", //                 A=1, ID 0x00 simple
      "0007", //               username length 7
      utf8("j\u00fcrgen"), //  username, UTF-8
      utf8("p\u00e4ss")}; //   password, the rest

  // checklist #200, #203
  private static final String[] BEARER = {
      "81", //                 A=1, ID 0x01 bearer
      ascii("eyJ.token")}; //  the token, the rest

  // checklist #200: custom auth type written as length - 1
  private static final String[] CUSTOM = {
      "05", //                 A=0, auth type length 6 - 1
      ascii("x-hmac"), //      auth type
      "cafebabe"}; //          payload

  @Test
  void encodesSimpleAuthentication() {
    ByteBuf target = alloc.buffer();
    try {
      AuthMetadata.encodeSimple(target, "j\u00fcrgen", "p\u00e4ss");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(SIMPLE));
    } finally {
      target.release();
    }
  }

  @Test
  void decodesSimpleAuthentication() {
    ByteBuf auth = bytes(SIMPLE);
    try {
      assertThat(AuthMetadata.authTypeId(auth)).isZero();
      assertThat(AuthMetadata.wellKnownType(auth)).isEqualTo(WellKnownAuthType.SIMPLE);
      assertThat(AuthMetadata.authType(auth)).isEqualTo("simple");
      assertThat(AuthMetadata.username(auth)).isEqualTo("j\u00fcrgen");
      assertThat(AuthMetadata.password(auth)).isEqualTo("p\u00e4ss");
      assertThat(ByteBufUtil.hexDump(AuthMetadata.payload(auth)))
          .isEqualTo(hex("0007", utf8("j\u00fcrgen"), utf8("p\u00e4ss")));
      assertThat(auth.readerIndex()).isZero();
    } finally {
      auth.release();
    }
  }

  @Test
  void simpleAuthenticationMayHaveEmptyUsernameAndPassword() {
    ByteBuf target = alloc.buffer();
    try {
      AuthMetadata.encodeSimple(target, "", "");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("80", "0000"));
      assertThat(AuthMetadata.username(target)).isEmpty();
      assertThat(AuthMetadata.password(target)).isEmpty();
    } finally {
      target.release();
    }
  }

  @Test
  void encodesBearerAuthentication() {
    ByteBuf target = alloc.buffer();
    try {
      AuthMetadata.encodeBearer(target, "eyJ.token");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(BEARER));
    } finally {
      target.release();
    }
  }

  @Test
  void decodesBearerAuthentication() {
    ByteBuf auth = bytes(BEARER);
    try {
      assertThat(AuthMetadata.wellKnownType(auth)).isEqualTo(WellKnownAuthType.BEARER);
      assertThat(AuthMetadata.authType(auth)).isEqualTo("bearer");
      assertThat(AuthMetadata.bearerToken(auth)).isEqualTo("eyJ.token");
    } finally {
      auth.release();
    }
  }

  @Test
  void encodesAWellKnownTypeWithAnyPayload() {
    ByteBuf target = alloc.buffer();
    ByteBuf payload = ByteBufUtil.writeAscii(alloc, "eyJ.token");
    try {
      AuthMetadata.encode(target, WellKnownAuthType.BEARER, payload);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(BEARER));
      // borrowed: not released, indexes unchanged
      assertThat(payload.refCnt()).isEqualTo(1);
      assertThat(payload.readableBytes()).isEqualTo(9);
    } finally {
      target.release();
      payload.release();
    }
  }

  @Test
  void encodesACustomTypeAsLengthMinusOne() {
    ByteBuf target = alloc.buffer();
    ByteBuf payload = bytes("cafebabe");
    try {
      AuthMetadata.encode(target, "x-hmac", payload);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(CUSTOM));
    } finally {
      target.release();
      payload.release();
    }
  }

  @Test
  void decodesACustomType() {
    ByteBuf auth = bytes(CUSTOM);
    try {
      assertThat(AuthMetadata.authTypeId(auth)).isEqualTo(-1);
      assertThat(AuthMetadata.wellKnownType(auth)).isNull();
      assertThat(AuthMetadata.authType(auth)).isEqualTo("x-hmac");
      assertThat(ByteBufUtil.hexDump(AuthMetadata.payload(auth))).isEqualTo("cafebabe");
    } finally {
      auth.release();
    }
  }

  @Test
  void customTypesOfOneAndOneHundredTwentyEightBytes() {
    String longest = repeat('t', 128);
    ByteBuf target = alloc.buffer();
    ByteBuf payload = bytes("01");
    try {
      AuthMetadata.encode(target, "t", payload);
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("00", ascii("t"), "01"));
      assertThat(AuthMetadata.authType(target)).isEqualTo("t");

      target.clear();
      AuthMetadata.encode(target, longest, payload);
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("7f", ascii(longest), "01"));
      assertThat(AuthMetadata.authType(target)).isEqualTo(longest);
      assertThat(ByteBufUtil.hexDump(AuthMetadata.payload(target))).isEqualTo("01");
    } finally {
      target.release();
      payload.release();
    }
  }

  @Test
  void theStringFormOfAWellKnownTypeIsThatType() {
    ByteBuf target = alloc.buffer();
    ByteBuf payload = bytes("0002", ascii("me"), ascii("pw"));
    try {
      AuthMetadata.encode(target, "simple", payload);

      assertThat(ByteBufUtil.hexDump(target))
          .isEqualTo(hex("05", ascii("simple"), "0002", ascii("me"), ascii("pw")));
      assertThat(AuthMetadata.authTypeId(target)).isEqualTo(-1);
      assertThat(AuthMetadata.wellKnownType(target)).isEqualTo(WellKnownAuthType.SIMPLE);
      assertThat(AuthMetadata.username(target)).isEqualTo("me");
      assertThat(AuthMetadata.password(target)).isEqualTo("pw");
    } finally {
      target.release();
      payload.release();
    }
  }

  @Test
  void anUnassignedIdIsNotAnError() {
    ByteBuf auth = bytes("85", "0102");
    try {
      assertThat(AuthMetadata.authTypeId(auth)).isEqualTo(5);
      assertThat(AuthMetadata.wellKnownType(auth)).isNull();
      assertThat(AuthMetadata.authType(auth)).isNull();
      assertThat(ByteBufUtil.hexDump(AuthMetadata.payload(auth))).isEqualTo("0102");
      assertThatIllegalArgumentException().isThrownBy(() -> AuthMetadata.username(auth))
          .withMessage("auth type: unassigned ID 5 (expected: simple)");
    } finally {
      auth.release();
    }
  }

  @Test
  void credentialAccessorsRequireTheirType() {
    ByteBuf bearer = bytes(BEARER);
    ByteBuf simple = bytes(SIMPLE);
    try {
      assertThatIllegalArgumentException().isThrownBy(() -> AuthMetadata.username(bearer))
          .withMessage("auth type: bearer (expected: simple)");
      assertThatIllegalArgumentException().isThrownBy(() -> AuthMetadata.password(bearer))
          .withMessage("auth type: bearer (expected: simple)");
      assertThatIllegalArgumentException().isThrownBy(() -> AuthMetadata.bearerToken(simple))
          .withMessage("auth type: simple (expected: bearer)");
    } finally {
      bearer.release();
      simple.release();
    }
  }

  static Stream<Arguments> malformedAuth() {
    Function<ByteBuf, Object> payload = AuthMetadata::payload;
    Function<ByteBuf, Object> authType = AuthMetadata::authType;
    Function<ByteBuf, Object> username = AuthMetadata::username;
    Function<ByteBuf, Object> password = AuthMetadata::password;
    Function<ByteBuf, Object> bearerToken = AuthMetadata::bearerToken;
    return Stream.of(
        Arguments.of("empty", "", payload,
            "auth metadata: auth type field at offset 0 runs past the end "
                + "(expected: 1 byte, available: 0)"),
        Arguments.of("empty, bearer token", "", bearerToken,
            "auth metadata: auth type field at offset 0 runs past the end "
                + "(expected: 1 byte, available: 0)"),
        Arguments.of("custom type past the end", hex("05", ascii("ab")), authType,
            "auth metadata: auth type length 6 at offset 0 runs past the end (expected: <= 2)"),
        Arguments.of("128-byte type with 127 bytes left", hex("7f", repeat('7', 254)), payload,
            "auth metadata: auth type length 128 at offset 0 runs past the end "
                + "(expected: <= 127)"),
        Arguments.of("simple without username length", hex("80"), username,
            "auth metadata: simple auth payload at offset 1: username length field runs past the "
                + "end (expected: 2 bytes, available: 0)"),
        Arguments.of("simple with half a username length", hex("80", "00"), password,
            "auth metadata: simple auth payload at offset 1: username length field runs past the "
                + "end (expected: 2 bytes, available: 1)"),
        Arguments.of("simple username past the end", hex("80", "0005", ascii("ab")), username,
            "auth metadata: simple auth payload at offset 1: username length 5 runs past the end "
                + "(expected: <= 2)"),
        Arguments.of("simple as a string, truncated", hex("05", ascii("simple"), "00"), password,
            "auth metadata: simple auth payload at offset 7: username length field runs past the "
                + "end (expected: 2 bytes, available: 1)"));
  }

  // checklist #200, #202
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAuth")
  void malformedAuthMetadataNamesTheField(String name, String hex, Function<ByteBuf, ?> accessor,
      String message) {
    ByteBuf auth = bytes(hex);
    try {
      assertThatThrownBy(() -> accessor.apply(auth))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessage(message);
    } finally {
      auth.release();
    }
  }

  @Test
  void rejectsAuthTypesThatAreNotOneToOneHundredTwentyEightUsAsciiBytes() {
    ByteBuf target = alloc.buffer();
    ByteBuf payload = bytes("01");
    try {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> AuthMetadata.encode(target, "", payload))
          .withMessage("authType: 0 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> AuthMetadata.encode(target, repeat('a', 129), payload))
          .withMessage("authType: 129 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> AuthMetadata.encode(target, "\u00fcber", payload))
          .withMessage("authType: non-US-ASCII character U+00FC at index 0 (expected: US-ASCII)");
      assertThat(target.writerIndex()).isZero();
    } finally {
      target.release();
      payload.release();
    }
  }

  @Test
  void rejectsUsernamesLongerThanSixteenBits() {
    ByteBuf target = alloc.buffer();
    try {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> AuthMetadata.encodeSimple(target, repeat('u', 65536), "pw"))
          .withMessage("username: 65536 UTF-8 bytes (expected: <= 65535)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> AuthMetadata.encodeSimple(target, repeat('\u00fc', 32768), "pw"))
          .withMessage("username: 65536 UTF-8 bytes (expected: <= 65535)");
      assertThat(target.writerIndex()).isZero();

      AuthMetadata.encodeSimple(target, repeat('u', 65535), "pw");
      assertThat(AuthMetadata.username(target)).hasSize(65535);
      assertThat(AuthMetadata.password(target)).isEqualTo("pw");
    } finally {
      target.release();
    }
  }
}
