package dev.duplex.rsocket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo's page served without the RSocket WebSocket route ({@code transport=tcp}, so
 * {@code mapping-path} adds no route): the page says that it could not connect, and where to,
 * instead of waiting for ever.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.rsocket.server.transport=tcp", "spring.rsocket.server.listeners[0].port=0"})
class DemoPageWithoutRSocketRouteBrowserTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @LocalServerPort
  private int httpPort;

  @TempDir
  private Path userDataDir;

  private WebDriver browser;

  @BeforeEach
  void startBrowser() {
    this.browser = HeadlessChromium.start(this.userDataDir);
  }

  @AfterEach
  void quitBrowser() {
    if (this.browser != null) {
      this.browser.quit();
    }
  }

  @Test
  void thePageSaysItCouldNotConnect() {
    WebDriverWait wait = new WebDriverWait(this.browser, TIMEOUT);
    this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
    String failure = "no WebSocket could be opened to ws://127.0.0.1:" + this.httpPort
        + "/rsocket";

    wait.until(ExpectedConditions.textToBe(By.id("status"), "not connected: " + failure));
    this.browser.findElement(By.id("greet")).click();

    wait.until(ExpectedConditions.textToBe(By.id("error"), "connecting failed: " + failure));
    assertThat(this.browser.findElement(By.id("reply")).getText()).isEmpty();
    assertThat(this.browser.findElements(By.cssSelector("#stream li"))).isEmpty();
  }
}
