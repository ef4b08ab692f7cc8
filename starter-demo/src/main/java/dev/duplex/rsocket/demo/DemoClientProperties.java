package dev.duplex.rsocket.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the demo client connects.
 *
 * @param host the server's host
 * @param port the server's port
 */
@ConfigurationProperties("demo.server")
record DemoClientProperties(String host, int port) {

  DemoClientProperties {
    host = host == null ? "localhost" : host;
    port = port == 0 ? 7000 : port;
  }
}
