package dev.duplex.rsocket.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.exceptions.Exceptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RSocketErrorExceptionTests {

  static Stream<Arguments> namedCodes() {
    return Stream.of(
        Arguments.of(ErrorCode.INVALID_SETUP, InvalidSetupException.class),
        Arguments.of(ErrorCode.UNSUPPORTED_SETUP, UnsupportedSetupException.class),
        Arguments.of(ErrorCode.REJECTED_SETUP, RejectedSetupException.class),
        Arguments.of(ErrorCode.REJECTED_RESUME, RejectedResumeException.class),
        Arguments.of(ErrorCode.CONNECTION_ERROR, ConnectionErrorException.class),
        Arguments.of(ErrorCode.CONNECTION_CLOSE, ConnectionCloseException.class),
        Arguments.of(ErrorCode.APPLICATION_ERROR, ApplicationErrorException.class),
        Arguments.of(ErrorCode.REJECTED, RejectedException.class),
        Arguments.of(ErrorCode.CANCELED, CanceledException.class),
        Arguments.of(ErrorCode.INVALID, InvalidException.class));
  }

  @ParameterizedTest
  @MethodSource("namedCodes")
  void eachNamedCodeHasItsOwnException(ErrorCode code, Class<?> type) {
    RSocketErrorException error = RSocketErrorException.from(code.code(), "boom");

    assertThat(error).isExactlyInstanceOf(type).hasMessage("boom");
    assertThat(error.errorCode()).isEqualTo(code.code());
    assertThat(error instanceof SetupException).isEqualTo(code.code() <= 0x4);
    assertThat(error.toString()).contains(code.name());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0000_0301, 0x0001_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE})
  void applicationDefinedCodesBecomeCustomExceptions(int code) {
    RSocketErrorException error = RSocketErrorException.from(code, "custom");

    assertThat(error).isExactlyInstanceOf(CustomRSocketException.class);
    assertThat(error.errorCode()).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0000_0000, 0x0000_0005, 0x0000_0300, 0xFFFF_FFFF})
  void reservedCodesKeepTheirRawValue(int code) {
    RSocketErrorException error = RSocketErrorException.from(code, "odd peer");

    assertThat(error).isExactlyInstanceOf(RSocketErrorException.class);
    assertThat(error.errorCode()).isEqualTo(code);
    assertThat(error.toString()).contains(ErrorCode.toHex(code));
  }

  @Test
  void customExceptionRejectsCodesOutsideTheApplicationRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CustomRSocketException(ErrorCode.APPLICATION_ERROR.code(), "x"))
        .withMessage("errorCode: 0x00000201 (expected: 0x00000301..0xFFFFFFFE; "
            + "use the subclass for a named code)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CustomRSocketException(0xFFFF_FFFF, "x"));
  }

  /** rsocket-java maps the codes we send to its exception of the same name (checklist #143). */
  @ParameterizedTest
  @MethodSource("namedCodes")
  void rsocketJavaSeesTheSameErrorForEachCode(ErrorCode code, Class<?> type) {
    int streamId = code.isConnectionLevel() ? 0 : 3;
    ByteBuf frame = FrameWriter.error(ByteBufAllocator.DEFAULT, streamId, code.code(), "why");
    try {
      RuntimeException theirs = Exceptions.from(streamId, frame);
      assertThat(theirs.getClass().getSimpleName()).isEqualTo(type.getSimpleName());
      assertThat(theirs).hasMessage("why");
    } finally {
      frame.release();
    }
  }
}
