package jp.mamori.authz;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Mamori service: API, console, scheduled jobs. */
@SpringBootApplication
public class MamoriApplication {

  public static void main(String[] args) {
    SpringApplication.run(MamoriApplication.class, args);
  }
}
