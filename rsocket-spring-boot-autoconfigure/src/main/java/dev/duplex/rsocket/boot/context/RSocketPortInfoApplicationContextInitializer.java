package dev.duplex.rsocket.boot.context;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * {@link ApplicationContextInitializer} that sets {@code local.rsocket.server.port} in the
 * {@link org.springframework.core.env.Environment} (and every parent context's) to the port the
 * RSocket server listens on, when its {@link RSocketServerInitializedEvent} is published; inject it
 * with {@link LocalRSocketServerPort @LocalRSocketServerPort}. A server with a
 * {@link RSocketServerInitializedEvent#getServerNamespace() namespace}, such as the extra listener
 * {@code listeners[0]}, sets {@code local.rsocket.server.listeners[0].port} instead. Registered in
 * {@code META-INF/spring.factories}.
 */
public class RSocketPortInfoApplicationContextInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext applicationContext) {
    applicationContext.addApplicationListener(new Listener(applicationContext));
  }

  /** Sets the property from the event. */
  private static final class Listener implements ApplicationListener<RSocketServerInitializedEvent> {

    private static final String PROPERTY_PREFIX = "local.rsocket.server.";

    private static final String PROPERTY_SOURCE_NAME = "server.ports";

    private final ConfigurableApplicationContext applicationContext;

    Listener(ConfigurableApplicationContext applicationContext) {
      this.applicationContext = applicationContext;
    }

    @Override
    public void onApplicationEvent(RSocketServerInitializedEvent event) {
      InetSocketAddress address = event.getServer().address();
      if (address != null) {
        String namespace = event.getServerNamespace();
        String name = PROPERTY_PREFIX + ((namespace != null) ? namespace + ".port" : "port");
        setPortProperty(this.applicationContext, name, address.getPort());
      }
    }

    private static void setPortProperty(ApplicationContext context, String name, int port) {
      if (context instanceof ConfigurableApplicationContext configurableContext) {
        setPortProperty(configurableContext.getEnvironment(), name, port);
      }
      ApplicationContext parent = context.getParent();
      if (parent != null) {
        setPortProperty(parent, name, port);
      }
    }

    @SuppressWarnings("unchecked")
    private static void setPortProperty(ConfigurableEnvironment environment, String name,
        int port) {
      MutablePropertySources sources = environment.getPropertySources();
      PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
      if (source == null) {
        source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
        sources.addFirst(source);
      }
      ((Map<String, Object>) source.getSource()).put(name, port);
    }
  }
}
