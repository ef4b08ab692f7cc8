package dev.duplex.rsocket.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo's page in the system's headless Chromium: it connects with rsocket-js over the WebFlux
 * server's RSocket WebSocket route, answers the server's call back, and shows a request-response
 * reply and a request-stream arriving item by item; what it shows at the end is saved to
 * {@code target/demo-page.png}. Needs Debian's {@code chromium} and {@code chromium-driver}
 * ({@link HeadlessChromium}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.rsocket.server.listeners[0].port=0")
@ExtendWith(OutputCaptureExtension.class)
class DemoPageBrowserTests {

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
  void thePageSaysHelloAndShowsTheStreamArrive(CapturedOutput output) throws IOException {
    WebDriverWait wait = new WebDriverWait(this.browser, TIMEOUT);
    this.browser.get("http://127.0.0.1:" + this.httpPort + "/");

    // SETUP to @ConnectMapping("demo.connect"), whose call back the page answers
    wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
    wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, demo-page"));

    WebElement name = this.browser.findElement(By.id("name"));
    name.clear();
    name.sendKeys("Browser");
    this.browser.findElement(By.id("greet")).click();

    wait.until(ExpectedConditions.textToBe(By.id("reply"), "Hello, Browser!"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#stream li"), 5));
    wait.until(ExpectedConditions.textToBe(By.id("stream-status"), "complete: 5 greetings"));
    List<String> items = this.browser.findElements(By.cssSelector("#stream li")).stream()
        .map(WebElement::getText).toList();
    assertThat(items).containsExactly("Greeting #1 for Browser", "Greeting #2 for Browser",
        "Greeting #3 for Browser", "Greeting #4 for Browser", "Greeting #5 for Browser");
    assertThat(this.browser.findElement(By.id("error")).getText()).isEmpty();
    Files.write(Path.of("target", "demo-page.png"),
        ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output)
        .contains("The client answered the call back: demo page, all well"));
  }
}
