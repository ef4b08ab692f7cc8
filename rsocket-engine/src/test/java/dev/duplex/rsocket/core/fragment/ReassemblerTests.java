package dev.duplex.rsocket.core.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class ReassemblerTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void joinsMetadataAndDataInOrder() {
    ByteBuf m1 = utf8("me");
    ByteBuf d1 = utf8("da");
    Reassembler reassembler = new Reassembler(alloc, 100, m1, d1);
    ByteBuf m2 = utf8("ta");
    ByteBuf d2 = utf8("ta");
    reassembler.append(m2, d2);
    ByteBuf d3 = utf8("!");
    reassembler.append(null, d3);
    Payload payload = reassembler.payload();
    try {
      assertThat(payload.metadataUtf8()).isEqualTo("meta");
      assertThat(payload.dataUtf8()).isEqualTo("data!");
    } finally {
      payload.release();
      for (ByteBuf buf : new ByteBuf[] {m1, d1, m2, d2, d3}) {
        buf.release();
      }
    }
  }

  @Test
  void noMetadataInAnyFragmentMeansNoMetadata() {
    ByteBuf d1 = utf8("a");
    Reassembler reassembler = new Reassembler(alloc, 100, null, d1);
    Payload payload = reassembler.payload();
    try {
      assertThat(payload.hasMetadata()).isFalse();
    } finally {
      payload.release();
      d1.release();
    }
  }

  @Test
  void refusesToGrowBeyondTheMaximum() {
    ByteBuf d1 = alloc.buffer().writeZero(60);
    ByteBuf d2 = alloc.buffer().writeZero(41);
    Reassembler reassembler = new Reassembler(alloc, 100, null, d1);
    try {
      assertThatThrownBy(() -> reassembler.append(null, d2))
          .isInstanceOf(Reassembler.PayloadTooLargeException.class)
          .hasMessage("Reassembled payload of more than 100 bytes (the max inbound payload size)");
    } finally {
      reassembler.release();
      d1.release();
      d2.release();
    }
  }

  @Test
  void aFirstFragmentTooLargeReleasesWhatItTook() {
    ByteBuf d1 = alloc.buffer().writeZero(101);
    try {
      assertThatThrownBy(() -> new Reassembler(alloc, 100, null, d1))
          .isInstanceOf(Reassembler.PayloadTooLargeException.class);
    } finally {
      d1.release();
    }
  }

  private ByteBuf utf8(String text) {
    return ByteBufUtil.writeUtf8(alloc, text);
  }
}
