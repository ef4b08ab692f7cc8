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
 * with {@link LocalRSocketServerPort @LocalRSocketServerPort}. Registered in
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

    private static final String PROPERTY_NAME = "local.rsocket.server.port";

    private static final String PROPERTY_SOURCE_NAME = "server.ports";

    private final ConfigurableApplicationContext applicationContext;

    Listener(ConfigurableApplicationContext applicationContext) {
      this.applicationContext = applicationContext;
    }

    @Override
    public void onApplicationEvent(RSocketServerInitializedEvent event) {
      InetSocketAddress address = event.getServer().address();
      if (address != null) {
        setPortProperty(this.applicationContext, address.getPort());
      }
    }

    private static void setPortProperty(ApplicationContext context, int port) {
      if (context instanceof ConfigurableApplicationContext configurableContext) {
        setPortProperty(configurableContext.getEnvironment(), port);
      }
      ApplicationContext parent = context.getParent();
      if (parent != null) {
        setPortProperty(parent, port);
      }
    }

    @SuppressWarnings("unchecked")
    private static void setPortProperty(ConfigurableEnvironment environment, int port) {
      MutablePropertySources sources = environment.getPropertySources();
      PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
      if (source == null) {
        source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
        sources.addFirst(source);
      }
      ((Map<String, Object>) source.getSource()).put(PROPERTY_NAME, port);
    }
  }
}
