package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ERROR frame's codes (checklist #143-#146). */
class ErrorCodeTests {

  @ParameterizedTest
  @CsvSource({
      "INVALID_SETUP, 0x00000001, true",
      "UNSUPPORTED_SETUP, 0x00000002, true",
      "REJECTED_SETUP, 0x00000003, true",
      "REJECTED_RESUME, 0x00000004, true",
      "CONNECTION_ERROR, 0x00000101, true",
      "CONNECTION_CLOSE, 0x00000102, true",
      "APPLICATION_ERROR, 0x00000201, false",
      "REJECTED, 0x00000202, false",
      "CANCELED, 0x00000203, false",
      "INVALID, 0x00000204, false"})
  void codeAndLevelMatchTheSpecTable(ErrorCode errorCode, String code, boolean connectionLevel) {
    int value = Integer.decode(code);
    assertThat(errorCode.code()).isEqualTo(value);
    assertThat(errorCode.isConnectionLevel()).isEqualTo(connectionLevel);
    assertThat(ErrorCode.fromCode(value)).isSameAs(errorCode);
    assertThat(ErrorCode.toHex(value)).isEqualTo(code);
    assertThat(ErrorCode.isApplicationDefined(value)).isFalse();
  }

  @Test
  void reservedAndApplicationDefinedCodesHaveNoConstant() {
    assertThat(ErrorCode.fromCode(0x0000_0000)).isNull(); // RESERVED
    assertThat(ErrorCode.fromCode(0x0000_0005)).isNull(); // reserved for protocol use
    assertThat(ErrorCode.fromCode(0x0000_0301)).isNull();
    assertThat(ErrorCode.fromCode(0xFFFF_FFFF)).isNull(); // reserved for extension
  }

  @Test
  void applicationDefinedRangeIs0x301To0xFFFFFFFE() {
    assertThat(ErrorCode.isApplicationDefined(0x0000_0300)).isFalse();
    assertThat(ErrorCode.isApplicationDefined(0x0000_0301)).isTrue();
    assertThat(ErrorCode.isApplicationDefined(0x7FFF_FFFF)).isTrue();
    assertThat(ErrorCode.isApplicationDefined(0x8000_0000)).isTrue(); // unsigned comparison
    assertThat(ErrorCode.isApplicationDefined(0xFFFF_FFFE)).isTrue();
    assertThat(ErrorCode.isApplicationDefined(0xFFFF_FFFF)).isFalse();
    assertThat(ErrorCode.isApplicationDefined(0)).isFalse();
  }

  @Test
  void hexFormIsEightUpperCaseDigits() {
    assertThat(ErrorCode.toHex(0xFFFF_FFFE)).isEqualTo("0xFFFFFFFE");
    assertThat(ErrorCode.toHex(0x201)).isEqualTo("0x00000201");
  }
}
