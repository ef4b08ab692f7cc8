package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.actuate.RSocketConnectionRegistry;
import dev.duplex.rsocket.boot.actuate.RSocketServers;
import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry of live connections and the view of the servers that the RSocket health
 * indicators and the {@code rsocket} endpoint share.
 */
@Configuration(proxyBeanMethods = false)
class RSocketServersConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RSocketConnectionRegistry rSocketConnectionRegistry() {
    return new RSocketConnectionRegistry();
  }

  @Bean
  @ConditionalOnMissingBean
  RSocketServers rSocketServers(ObjectProvider<RSocketServerBootstrap> serverBootstrap,
      ObjectProvider<RSocketListenersBootstrap> listenersBootstrap,
      ObjectProvider<RSocketWebSocketNettyRouteProvider> routeProvider,
      ObjectProvider<RSocketProperties> properties, RSocketConnectionRegistry connections) {
    Map<String, DuplexRSocketServer> servers = new LinkedHashMap<>();
    RSocketServerBootstrap server = serverBootstrap.getIfUnique();
    if (server != null) {
      servers.put(RSocketServerConnectionListenerFactory.SERVER, server.getServer());
    }
    RSocketListenersBootstrap listeners = listenersBootstrap.getIfUnique();
    if (listeners != null) {
      List<DuplexRSocketServer> listenerServers = listeners.getServers();
      for (int i = 0; i < listenerServers.size(); i++) {
        servers.put(RSocketServerConnectionListenerFactory.listener(i), listenerServers.get(i));
      }
    }
    RSocketProperties rsocket = properties.getIfAvailable();
    String mappingPath = (routeProvider.getIfUnique() != null && rsocket != null)
        ? rsocket.getServer().getMappingPath() : null;
    return new RSocketServers(servers, mappingPath, connections);
  }
}
