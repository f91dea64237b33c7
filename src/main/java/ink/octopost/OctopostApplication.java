package ink.octopost;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Bootstrap only: every feature lives in its own package below this one. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OctopostApplication {

  public static void main(String[] args) {
    SpringApplication.run(OctopostApplication.class, args);
  }
}
