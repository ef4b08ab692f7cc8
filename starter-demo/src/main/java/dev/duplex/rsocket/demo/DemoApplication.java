package dev.duplex.rsocket.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the demo. */
@SpringBootApplication
public class DemoApplication {

  /** Runs the application; it exits once the tour is printed. */
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
