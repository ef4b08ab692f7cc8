package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata.Sampling;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.MimeTypeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.TracingMetadata;
import io.rsocket.metadata.TracingMetadataCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What we encode, rsocket-java 1.1.5 decodes to the same fields, and the other way round. Its
 * classes whose simple names we also use are spelled out in full.
 */
class MetadataWireCompatibilityTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  private static final String LONGEST_MIME_TYPE = "application/x." + repeat('m', 114); // 128
  private static final String LONGEST_TAG = repeat('\u00e9', 127) + "!"; // 255 UTF-8 bytes

  // checklist #191, #194: the same table, except for the two IDs rsocket-java lacks
  @Test
  void wellKnownMimeTypesMatchRSocketJavaExceptCapnpAndFlatbuffers() {
    for (WellKnownMimeType type : WellKnownMimeType.values()) {
      io.rsocket.metadata.WellKnownMimeType theirs =
          io.rsocket.metadata.WellKnownMimeType.fromIdentifier(type.identifier());
      if (type == WellKnownMimeType.APPLICATION_CAPNP
          || type == WellKnownMimeType.APPLICATION_FLATBUFFERS) {
        assertThat(theirs)
            .isEqualTo(io.rsocket.metadata.WellKnownMimeType.UNKNOWN_RESERVED_MIME_TYPE);
      } else {
        assertThat(theirs.getString()).as(type.name()).isEqualTo(type.string());
        assertThat(theirs.getIdentifier()).isEqualTo((byte) type.identifier());
      }
    }
    for (io.rsocket.metadata.WellKnownMimeType theirs :
        io.rsocket.metadata.WellKnownMimeType.values()) {
      if (theirs.getIdentifier() >= 0) {
        assertThat(WellKnownMimeType.fromString(theirs.getString())).as(theirs.getString())
            .isNotNull();
      }
    }
  }

  @Test
  void compositeMetadataWeEncodeDecodesInRSocketJava() {
    ByteBuf metadata = alloc.buffer();
    ByteBuf json = ByteBufUtil.writeAscii(alloc, "{\"a\":1}");
    try {
      CompositeMetadata.encodeEntry(metadata, WellKnownMimeType.APPLICATION_JSON, json);
      CompositeMetadata.encodeEntry(metadata, "x", json); // checklist #188: 1 byte
      CompositeMetadata.encodeEntry(metadata, LONGEST_MIME_TYPE, json); // and 128 bytes
      CompositeMetadata.encodeRoutingEntry(metadata, "/person/1", "caf\u00e9", LONGEST_TAG);
      CompositeMetadata.encodeEntry(metadata, "text/plain", json); // string form, as asked
      CompositeMetadata.encodeEntry(metadata, WellKnownMimeType.APPLICATION_CAPNP, json);
      int mark = CompositeMetadata.beginEntry(metadata,
          WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION);
      AuthMetadata.encodeBearer(metadata, "tok");
      CompositeMetadata.endEntry(metadata, mark);

      List<io.rsocket.metadata.CompositeMetadata.Entry> entries = new ArrayList<>();
      new io.rsocket.metadata.CompositeMetadata(metadata, false).forEach(entries::add);

      assertThat(entries).hasSize(7);
      assertWellKnown(entries.get(0), io.rsocket.metadata.WellKnownMimeType.APPLICATION_JSON);
      assertThat(ascii(entries.get(0).getContent()))
          .isEqualTo("{\"a\":1}");
      assertExplicit(entries.get(1), "x");
      assertExplicit(entries.get(2), LONGEST_MIME_TYPE);
      assertWellKnown(entries.get(3),
          io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
      List<String> tags = new ArrayList<>();
      new io.rsocket.metadata.RoutingMetadata(entries.get(3).getContent()).forEach(tags::add);
      assertThat(tags).containsExactly("/person/1", "caf\u00e9", LONGEST_TAG);
      assertExplicit(entries.get(4), "text/plain");
      // checklist #194: rsocket-java does not know 0x29
      assertThat(entries.get(5))
          .isInstanceOf(io.rsocket.metadata.CompositeMetadata.ReservedMimeTypeEntry.class);
      assertThat(((io.rsocket.metadata.CompositeMetadata.ReservedMimeTypeEntry) entries.get(5))
          .getType()).isEqualTo(0x29);
      assertWellKnown(entries.get(6),
          io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION);
      ByteBuf auth = entries.get(6).getContent().duplicate();
      assertThat(AuthMetadataCodec.readWellKnownAuthType(auth))
          .isEqualTo(io.rsocket.metadata.WellKnownAuthType.BEARER);
      assertThat(AuthMetadataCodec.readBearerTokenAsCharArray(auth)).containsExactly('t', 'o', 'k');
    } finally {
      metadata.release();
      json.release();
    }
  }

  @Test
  void compositeMetadataRSocketJavaEncodesDecodesInOurs() {
    CompositeByteBuf metadata = alloc.compositeBuffer();
    try {
      // rsocket-java takes ownership of each content buffer
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc,
          io.rsocket.metadata.WellKnownMimeType.APPLICATION_CBOR,
          ByteBufUtil.writeAscii(alloc, "c"));
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc, "x",
          ByteBufUtil.writeAscii(alloc, "one"));
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc, LONGEST_MIME_TYPE,
          ByteBufUtil.writeAscii(alloc, "long"));
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc,
          io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
          TaggingMetadataCodec.createRoutingMetadata(alloc, List.of("a", "caf\u00e9", LONGEST_TAG))
              .getContent());
      CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc, "text/plain",
          ByteBufUtil.writeAscii(alloc, "s"));

      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);

      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeTypeId()).isEqualTo(0x01);
      assertThat(reader.wellKnownMimeType()).isEqualTo(WellKnownMimeType.APPLICATION_CBOR);
      assertThat(ascii(reader.content())).isEqualTo("c");
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeType()).isEqualTo("x");
      assertThat(ascii(reader.content())).isEqualTo("one");
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeType()).isEqualTo(LONGEST_MIME_TYPE);
      assertThat(ascii(reader.content())).isEqualTo("long");
      assertThat(reader.next()).isTrue();
      assertThat(reader.wellKnownMimeType()).isEqualTo(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
      assertThat(RoutingMetadata.tags(reader.content()))
          .containsExactly("a", "caf\u00e9", LONGEST_TAG);
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeTypeId()).isEqualTo(-1);
      assertThat(reader.wellKnownMimeType()).isEqualTo(WellKnownMimeType.TEXT_PLAIN);
      assertThat(reader.next()).isFalse();
    } finally {
      metadata.release();
    }
  }

  // checklist #196, #198: rsocket-java reads empty tags, though its encoder drops them
  @Test
  void routingWeEncodeDecodesInRSocketJava() {
    ByteBuf routing = alloc.buffer();
    try {
      RoutingMetadata.encode(routing, "/person/1", "", "caf\u00e9", LONGEST_TAG);

      List<String> tags = new ArrayList<>();
      // rsocket-java reads tags up to capacity(), not the writer index: give it a slice, as its
      // composite metadata reader would
      new io.rsocket.metadata.RoutingMetadata(routing.slice()).forEach(tags::add);

      assertThat(tags).containsExactly("/person/1", "", "caf\u00e9", LONGEST_TAG);
    } finally {
      routing.release();
    }
  }

  @Test
  void routingRSocketJavaEncodesDecodesInOurs() {
    ByteBuf routing = TaggingMetadataCodec
        .createRoutingMetadata(alloc, List.of("/person/1", "caf\u00e9", LONGEST_TAG)).getContent();
    try {
      assertThat(RoutingMetadata.tags(routing)).containsExactly("/person/1", "caf\u00e9",
          LONGEST_TAG);
      assertThat(RoutingMetadata.firstTag(routing)).isEqualTo("/person/1");
    } finally {
      routing.release();
    }
  }

  @Test
  void simpleAndBearerAuthWeEncodeDecodeInRSocketJava() {
    ByteBuf simple = alloc.buffer();
    ByteBuf bearer = alloc.buffer();
    try {
      AuthMetadata.encodeSimple(simple, "j\u00fcrgen", "p\u00e4ss:w0rd");
      AuthMetadata.encodeBearer(bearer, "eyJhbGciOi.J9");

      ByteBuf s = simple.duplicate();
      assertThat(AuthMetadataCodec.isWellKnownAuthType(s)).isTrue();
      assertThat(AuthMetadataCodec.readWellKnownAuthType(s))
          .isEqualTo(io.rsocket.metadata.WellKnownAuthType.SIMPLE);
      assertThat(new String(AuthMetadataCodec.readUsernameAsCharArray(s)))
          .isEqualTo("j\u00fcrgen");
      assertThat(new String(AuthMetadataCodec.readPasswordAsCharArray(s)))
          .isEqualTo("p\u00e4ss:w0rd");
      ByteBuf b = bearer.duplicate();
      assertThat(AuthMetadataCodec.readWellKnownAuthType(b))
          .isEqualTo(io.rsocket.metadata.WellKnownAuthType.BEARER);
      assertThat(new String(AuthMetadataCodec.readBearerTokenAsCharArray(b)))
          .isEqualTo("eyJhbGciOi.J9");
    } finally {
      simple.release();
      bearer.release();
    }
  }

  // checklist #200: custom auth types of 1 and 128 bytes, written as length - 1
  @Test
  void customAuthWeEncodeDecodesInRSocketJava() {
    for (String authType : List.of("a", "x-hmac", repeat('t', 128))) {
      ByteBuf auth = alloc.buffer();
      ByteBuf payload = ByteBufUtil.writeAscii(alloc, "payload");
      try {
        AuthMetadata.encode(auth, authType, payload);

        ByteBuf a = auth.duplicate();
        assertThat(AuthMetadataCodec.isWellKnownAuthType(a)).isFalse();
        assertThat(AuthMetadataCodec.readCustomAuthType(a).toString()).isEqualTo(authType);
        assertThat(ascii(AuthMetadataCodec.readPayload(a))).isEqualTo("payload");
      } finally {
        auth.release();
        payload.release();
      }
    }
  }

  @Test
  void authRSocketJavaEncodesDecodesInOurs() {
    ByteBuf simple = AuthMetadataCodec.encodeSimpleMetadata(alloc, "j\u00fcrgen".toCharArray(),
        "p\u00e4ss".toCharArray());
    ByteBuf bearer = AuthMetadataCodec.encodeBearerMetadata(alloc, "eyJ.t".toCharArray());
    // rsocket-java takes ownership of the payloads
    ByteBuf custom = AuthMetadataCodec.encodeMetadata(alloc, repeat('t', 128),
        ByteBufUtil.writeAscii(alloc, "p1"));
    ByteBuf oneByte = AuthMetadataCodec.encodeMetadata(alloc, "a",
        ByteBufUtil.writeAscii(alloc, "p2"));
    ByteBuf wellKnown = AuthMetadataCodec.encodeMetadata(alloc,
        io.rsocket.metadata.WellKnownAuthType.BEARER, ByteBufUtil.writeAscii(alloc, "p3"));
    try {
      assertThat(AuthMetadata.wellKnownType(simple)).isEqualTo(WellKnownAuthType.SIMPLE);
      assertThat(AuthMetadata.username(simple)).isEqualTo("j\u00fcrgen");
      assertThat(AuthMetadata.password(simple)).isEqualTo("p\u00e4ss");
      assertThat(AuthMetadata.bearerToken(bearer)).isEqualTo("eyJ.t");
      assertThat(AuthMetadata.authType(custom)).isEqualTo(repeat('t', 128));
      assertThat(ascii(AuthMetadata.payload(custom))).isEqualTo("p1");
      assertThat(AuthMetadata.authType(oneByte)).isEqualTo("a");
      assertThat(ascii(AuthMetadata.payload(oneByte))).isEqualTo("p2");
      assertThat(AuthMetadata.wellKnownType(wellKnown)).isEqualTo(WellKnownAuthType.BEARER);
      assertThat(AuthMetadata.bearerToken(wellKnown)).isEqualTo("p3");
    } finally {
      simple.release();
      bearer.release();
      custom.release();
      oneByte.release();
      wellKnown.release();
    }
  }

  // checklist #204-#206
  @Test
  void perStreamMimeTypesWeEncodeDecodeInRSocketJava() {
    ByteBuf single = alloc.buffer();
    ByteBuf accept = alloc.buffer();
    try {
      PerStreamMimeTypes.encodeMimeType(single, WellKnownMimeType.APPLICATION_CBOR);
      PerStreamMimeTypes.encodeMimeType(accept, WellKnownMimeType.APPLICATION_JSON);
      PerStreamMimeTypes.encodeMimeType(accept, "m");
      PerStreamMimeTypes.encodeAcceptMimeTypes(accept, List.of("text/x.csv", LONGEST_MIME_TYPE));

      assertThat(MimeTypeMetadataCodec.decode(single)).containsExactly("application/cbor");
      assertThat(MimeTypeMetadataCodec.decode(accept))
          .containsExactly("application/json", "m", "text/x.csv", LONGEST_MIME_TYPE);
    } finally {
      single.release();
      accept.release();
    }
  }

  @Test
  void perStreamMimeTypesRSocketJavaEncodesDecodeInOurs() {
    ByteBuf wellKnown = MimeTypeMetadataCodec.encode(alloc,
        io.rsocket.metadata.WellKnownMimeType.APPLICATION_CBOR);
    ByteBuf custom = MimeTypeMetadataCodec.encode(alloc, "m");
    ByteBuf accept = MimeTypeMetadataCodec.encode(alloc,
        List.of("application/json", "text/x.csv", LONGEST_MIME_TYPE));
    try {
      assertThat(PerStreamMimeTypes.decodeMimeType(wellKnown)).isEqualTo("application/cbor");
      assertThat(PerStreamMimeTypes.decodeMimeType(custom)).isEqualTo("m");
      assertThat(PerStreamMimeTypes.decodeAcceptMimeTypes(accept))
          .containsExactly("application/json", "text/x.csv", LONGEST_MIME_TYPE);
    } finally {
      wellKnown.release();
      custom.release();
      accept.release();
    }
  }

  // checklist #207-#209
  @Test
  void tracingWeEncodeDecodesInRSocketJava() {
    ByteBuf full = ZipkinTracingMetadata.of128(1L, 2L, 3L, Sampling.DEBUG).withParentId(4L)
        .encode(alloc);
    ByteBuf short64 = ZipkinTracingMetadata.of(-2L, 5L, Sampling.SAMPLED).encode(alloc);
    ByteBuf empty = ZipkinTracingMetadata.withoutIds(Sampling.NOT_SAMPLED).encode(alloc);
    try {
      TracingMetadata f = TracingMetadataCodec.decode(full);
      assertThat(f.traceIdHigh()).isEqualTo(1L);
      assertThat(f.traceId()).isEqualTo(2L);
      assertThat(f.spanId()).isEqualTo(3L);
      assertThat(f.hasParent()).isTrue();
      assertThat(f.parentId()).isEqualTo(4L);
      assertThat(f.isDebug()).isTrue();
      TracingMetadata s = TracingMetadataCodec.decode(short64);
      assertThat(s.traceIdHigh()).isZero();
      assertThat(s.traceId()).isEqualTo(-2L);
      assertThat(s.spanId()).isEqualTo(5L);
      assertThat(s.hasParent()).isFalse();
      assertThat(s.isSampled()).isTrue();
      assertThat(s.isDebug()).isFalse();
      TracingMetadata e = TracingMetadataCodec.decode(empty);
      assertThat(e.isEmpty()).isTrue();
      assertThat(e.isDecided()).isTrue();
      assertThat(e.isSampled()).isFalse();
    } finally {
      full.release();
      short64.release();
      empty.release();
    }
  }

  @Test
  void tracingRSocketJavaEncodesDecodesInOurs() {
    ByteBuf full = TracingMetadataCodec.encode128(alloc, 1L, 2L, 3L, 4L,
        TracingMetadataCodec.Flags.DEBUG);
    ByteBuf short64 = TracingMetadataCodec.encode64(alloc, -2L, 5L,
        TracingMetadataCodec.Flags.SAMPLE);
    ByteBuf withParent = TracingMetadataCodec.encode64(alloc, 6L, 7L, 8L,
        TracingMetadataCodec.Flags.UNDECIDED);
    ByteBuf empty = TracingMetadataCodec.encodeEmpty(alloc, TracingMetadataCodec.Flags.NOT_SAMPLE);
    try {
      assertThat(ZipkinTracingMetadata.decode(full))
          .isEqualTo(ZipkinTracingMetadata.of128(1L, 2L, 3L, Sampling.DEBUG).withParentId(4L));
      assertThat(ZipkinTracingMetadata.decode(short64))
          .isEqualTo(ZipkinTracingMetadata.of(-2L, 5L, Sampling.SAMPLED));
      assertThat(ZipkinTracingMetadata.decode(withParent))
          .isEqualTo(ZipkinTracingMetadata.of(6L, 7L, Sampling.UNDECIDED).withParentId(8L));
      assertThat(ZipkinTracingMetadata.decode(empty))
          .isEqualTo(ZipkinTracingMetadata.withoutIds(Sampling.NOT_SAMPLED));
    } finally {
      full.release();
      short64.release();
      withParent.release();
      empty.release();
    }
  }

  private static void assertWellKnown(io.rsocket.metadata.CompositeMetadata.Entry entry,
      io.rsocket.metadata.WellKnownMimeType type) {
    assertThat(entry)
        .isInstanceOf(io.rsocket.metadata.CompositeMetadata.WellKnownMimeTypeEntry.class);
    assertThat(((io.rsocket.metadata.CompositeMetadata.WellKnownMimeTypeEntry) entry).getType())
        .isEqualTo(type);
    assertThat(entry.getMimeType()).isEqualTo(type.getString());
  }

  private static void assertExplicit(io.rsocket.metadata.CompositeMetadata.Entry entry,
      String mimeType) {
    assertThat(entry)
        .isInstanceOf(io.rsocket.metadata.CompositeMetadata.ExplicitMimeTimeEntry.class);
    assertThat(entry.getMimeType()).isEqualTo(mimeType);
  }

  private static String ascii(ByteBuf buf) {
    return buf.toString(StandardCharsets.US_ASCII);
  }
}
