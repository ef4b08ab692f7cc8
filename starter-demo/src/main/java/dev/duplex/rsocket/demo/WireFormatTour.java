package dev.duplex.rsocket.demo;

import dev.duplex.rsocket.frame.FrameDump;
import dev.duplex.rsocket.frame.FrameListenerAdapter;
import dev.duplex.rsocket.frame.FrameReader;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Writes the two frames a routed request-response starts with, SETUP and REQUEST_RESPONSE with a
 * routing tag in composite metadata, prints each one's fields and bytes, and reads the route back.
 */
@Component
class WireFormatTour implements ApplicationRunner {

  private static final Logger logger = LoggerFactory.getLogger(WireFormatTour.class);

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Override
  public void run(ApplicationArguments args) {
    ByteBuf setup = FrameWriter.setup(alloc, 1, 0, 20_000, 90_000, null, false,
        WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.string(),
        WellKnownMimeType.APPLICATION_JSON.string(), null, alloc.buffer(0));
    show("The client opens the connection with SETUP:", setup);

    ByteBuf metadata = alloc.buffer();
    CompositeMetadata.encodeRoutingEntry(metadata, "greetings.hello");
    ByteBuf request = FrameWriter.requestResponse(alloc, 1, metadata,
        ByteBufUtil.writeUtf8(alloc, "{\"name\":\"Duplex\"}"), false);
    show("Then asks for a greeting with REQUEST_RESPONSE on stream 1:", request);
  }

  /** Prints {@code frame} and what a responder reads from it, then releases it. */
  private void show(String title, ByteBuf frame) {
    try {
      logger.info("{}\n{}", title, FrameDump.describe(frame));
      RequestRoute route = new RequestRoute();
      FrameReader.read(frame, route);
      if (!route.routes.isEmpty()) {
        logger.info("The responder reads route {} and data {}", route.routes, route.data);
      }
    } finally {
      frame.release();
    }
  }

  /** Reads routes and data from a request, as a responder does. */
  private static final class RequestRoute extends FrameListenerAdapter {

    final List<String> routes = new ArrayList<>();
    String data = "";

    @Override
    public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows) {
      if (metadata != null) {
        CompositeMetadata.Reader entries = CompositeMetadata.reader(metadata);
        while (entries.next()) {
          if (entries.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING)) {
            routes.addAll(RoutingMetadata.tags(entries.content()));
          }
        }
      }
      this.data = data.toString(StandardCharsets.UTF_8);
    }
  }
}
