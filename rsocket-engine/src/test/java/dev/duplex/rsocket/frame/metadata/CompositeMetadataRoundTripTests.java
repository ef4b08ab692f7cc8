package dev.duplex.rsocket.frame.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Random composite metadata, encoded by us, decoded by us and by rsocket-java 1.1.5, and cut short
 * at a random byte. The seed changes per run and is printed on failure; rerun a failure with
 * {@code -Dduplex.metadata.seed=<seed>}.
 */
class CompositeMetadataRoundTripTests {

  private static final long SEED = Long.getLong("duplex.metadata.seed", System.nanoTime());
  private static final int CASES = 3000;

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  /** One entry: {@code type} for the ID form, else {@code mimeType} for the string form. */
  private record Entry(@Nullable WellKnownMimeType type, String mimeType, byte[] content,
      @Nullable List<String> tags) {
  }

  @Test
  void randomCompositeMetadataRoundTripsThroughUsAndRSocketJava() {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      List<Entry> entries = randomEntries(random);
      int cutSeed = random.nextInt(Integer.MAX_VALUE);
      try {
        check(entries, cutSeed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("case " + i + " of " + entries.size() + " entries failed; rerun "
            + "with -Dduplex.metadata.seed=" + SEED, e);
      }
    }
  }

  private void check(List<Entry> entries, int cutSeed) {
    ByteBuf metadata = alloc.buffer();
    try {
      List<Integer> offsets = new ArrayList<>();
      for (Entry entry : entries) {
        offsets.add(metadata.writerIndex());
        encode(metadata, entry);
      }
      offsets.add(metadata.writerIndex());

      assertWeDecode(metadata, entries);
      assertRSocketJavaDecodes(metadata, entries);
      assertCutFailsInTheEntryItCuts(metadata, offsets, cutSeed);
    } finally {
      metadata.release();
    }
  }

  private static void encode(ByteBuf metadata, Entry entry) {
    if (entry.tags() != null) {
      CompositeMetadata.encodeRoutingEntry(metadata, entry.tags());
      return;
    }
    ByteBuf content = Unpooled.wrappedBuffer(entry.content());
    try {
      if (entry.type() != null) {
        CompositeMetadata.encodeEntry(metadata, entry.type(), content);
      } else {
        CompositeMetadata.encodeEntry(metadata, entry.mimeType(), content);
      }
    } finally {
      content.release();
    }
  }

  private static void assertWeDecode(ByteBuf metadata, List<Entry> entries) {
    CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
    for (Entry entry : entries) {
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeType()).isEqualTo(entry.mimeType());
      WellKnownMimeType type = entry.type();
      assertThat(reader.mimeTypeId()).isEqualTo(type != null ? type.identifier() : -1);
      assertThat(reader.wellKnownMimeType())
          .isEqualTo(WellKnownMimeType.fromString(entry.mimeType()));
      if (entry.tags() != null) {
        assertThat(RoutingMetadata.tags(reader.content())).isEqualTo(entry.tags());
      } else {
        assertThat(ByteBufUtil.getBytes(reader.content())).isEqualTo(entry.content());
      }
    }
    assertThat(reader.next()).isFalse();
  }

  private static void assertRSocketJavaDecodes(ByteBuf metadata, List<Entry> entries) {
    List<io.rsocket.metadata.CompositeMetadata.Entry> theirs = new ArrayList<>();
    new io.rsocket.metadata.CompositeMetadata(metadata, false).forEach(theirs::add);
    assertThat(theirs).hasSameSizeAs(entries);
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      io.rsocket.metadata.CompositeMetadata.Entry their = theirs.get(i);
      if (entry.type() == WellKnownMimeType.APPLICATION_CAPNP
          || entry.type() == WellKnownMimeType.APPLICATION_FLATBUFFERS) {
        // checklist #194: unknown to rsocket-java
        assertThat(((io.rsocket.metadata.CompositeMetadata.ReservedMimeTypeEntry) their)
            .getType()).isEqualTo(entry.type().identifier());
      } else {
        assertThat(their.getMimeType()).isEqualTo(entry.mimeType());
      }
      if (entry.tags() != null) {
        List<String> tags = new ArrayList<>();
        new io.rsocket.metadata.RoutingMetadata(their.getContent()).forEach(tags::add);
        assertThat(tags).isEqualTo(entry.tags());
      } else {
        assertThat(ByteBufUtil.getBytes(their.getContent())).isEqualTo(entry.content());
      }
    }
  }

  // checklist #190
  private static void assertCutFailsInTheEntryItCuts(ByteBuf metadata, List<Integer> offsets,
      int cutSeed) {
    int length = metadata.readableBytes();
    if (length == 0) {
      return;
    }
    int cut = cutSeed % length;
    ByteBuf truncated = metadata.slice(0, cut);
    int entry = 0;
    while (offsets.get(entry + 1) <= cut) {
      entry++;
    }
    CompositeMetadata.Reader reader = CompositeMetadata.reader(truncated);
    for (int i = 0; i < entry; i++) {
      assertThat(reader.next()).isTrue();
    }
    if (offsets.get(entry) == cut) {
      assertThat(reader.next()).isFalse();
    } else {
      assertThatThrownBy(reader::next)
          .isInstanceOf(FrameDecodingException.class)
          .hasMessageStartingWith("composite metadata entry " + entry + " at offset "
              + offsets.get(entry) + ": ")
          .hasMessageContaining("runs past the end of the metadata");
    }
  }

  private static List<Entry> randomEntries(Random random) {
    int count = random.nextInt(10);
    List<Entry> entries = new ArrayList<>(count);
    WellKnownMimeType[] types = WellKnownMimeType.values();
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(4)) {
        case 0 -> {
          WellKnownMimeType type = types[random.nextInt(types.length)];
          entries.add(new Entry(type, type.string(), randomContent(random), null));
        }
        case 1 -> entries.add(new Entry(null, randomMimeType(random), randomContent(random),
            null));
        case 2 -> { // the string form of a well-known type (checklist #194)
          WellKnownMimeType type = types[random.nextInt(types.length)];
          entries.add(new Entry(null, type.string(), randomContent(random), null));
        }
        default -> {
          List<String> tags = new ArrayList<>();
          int tagCount = random.nextInt(5);
          for (int t = 0; t < tagCount; t++) {
            tags.add(randomTag(random));
          }
          entries.add(new Entry(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
              WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.string(), new byte[0], tags));
        }
      }
    }
    return entries;
  }

  private static byte[] randomContent(Random random) {
    byte[] content = new byte[random.nextInt(8) == 0 ? random.nextInt(2000) : random.nextInt(40)];
    random.nextBytes(content);
    return content;
  }

  /** 1 to 128 US-ASCII characters, the lengths at both ends more often (checklist #188). */
  private static String randomMimeType(Random random) {
    int length = switch (random.nextInt(4)) {
      case 0 -> 1;
      case 1 -> 128;
      default -> 1 + random.nextInt(128);
    };
    StringBuilder mimeType = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      mimeType.append((char) (0x20 + random.nextInt(0x5F)));
    }
    return mimeType.toString();
  }

  /** 0 to 255 UTF-8 bytes of 1- to 4-byte characters. */
  private static String randomTag(Random random) {
    int budget = random.nextInt(4) == 0 ? 255 : random.nextInt(256);
    StringBuilder tag = new StringBuilder();
    int bytes = 0;
    while (true) {
      int codePoint = switch (random.nextInt(4)) {
        case 0 -> 0x20 + random.nextInt(0x5F);
        case 1 -> 0xA0 + random.nextInt(0x700);
        case 2 -> 0x4E00 + random.nextInt(0x5000);
        default -> 0x1F300 + random.nextInt(0x300);
      };
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        return tag.toString();
      }
      tag.appendCodePoint(codePoint);
      bytes += size;
    }
  }
}
