package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.ssl.NettySslContexts;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.util.StringUtils;

/**
 * Checks the {@code ssl.*} properties of an RSocket server at startup, so that a mistake fails
 * with a message naming the property to fix rather than the first time a client connects.
 */
final class RSocketServerSsl {

  private RSocketServerSsl() {
  }

  /**
   * Returns {@code ssl} once it is known to make a TLS context, or throws naming
   * {@code property}, such as {@code spring.rsocket.server.ssl}.
   *
   * @throws IllegalStateException if it is enabled but cannot make one
   */
  static @Nullable Ssl checked(String property, @Nullable Ssl ssl,
      @Nullable SslBundles sslBundles) {
    if (!Ssl.isEnabled(ssl)) {
      return ssl;
    }
    if (!ssl.getServerNameBundles().isEmpty()) {
      throw new IllegalStateException(property + ".server-name-bundles is set, but RSocket "
          + "servers take one certificate (no SNI); use " + property + ".bundle");
    }
    String bundle = ssl.getBundle();
    boolean keyStore = ssl.getKeyStore() != null || "PKCS11".equals(ssl.getKeyStoreType());
    boolean certificate = ssl.getCertificate() != null;
    if (StringUtils.hasText(bundle)) {
      if (keyStore || certificate) {
        throw new IllegalStateException(property + ".bundle and " + property
            + (keyStore ? ".key-store" : ".certificate")
            + " are both set; use the bundle or the " + (keyStore ? "key store" : "certificate"));
      }
      checkBundle(property, bundle, sslBundles);
    } else if (keyStore && certificate) {
      throw new IllegalStateException(property + ".key-store and " + property
          + ".certificate are both set; use one");
    } else if (!keyStore && !(certificate && ssl.getCertificatePrivateKey() != null)) {
      throw new IllegalStateException(property + " is enabled, but no key is set; set "
          + property + ".bundle, " + property + ".key-store, or " + property + ".certificate and "
          + property + ".certificate-private-key (or " + property + ".enabled=false)");
    }
    try {
      NettySslContexts.forServer(WebServerSslBundle.get(ssl, sslBundles), ssl.getClientAuth());
    } catch (RuntimeException ex) {
      throw new IllegalStateException(property + " cannot be used: " + ex.getMessage(), ex);
    }
    return ssl;
  }

  private static void checkBundle(String property, String bundle,
      @Nullable SslBundles sslBundles) {
    String hint = "; define it under spring.ssl.bundle.jks." + bundle + " or spring.ssl.bundle.pem."
        + bundle;
    if (sslBundles == null) {
      throw new IllegalStateException(property + ".bundle '" + bundle
          + "' is not defined: there are no SSL bundles" + hint);
    }
    try {
      sslBundles.getBundle(bundle);
    } catch (NoSuchSslBundleException ex) {
      throw new IllegalStateException(property + ".bundle '" + bundle + "' is not defined" + hint);
    }
  }
}
