package ink.octopost.testing;

import ink.octopost.auth.RequiresScope;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints: one holds its request until the test lets it go, one fails like a bug. */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class TestEndpoints {

  public static volatile CountDownLatch entered = new CountDownLatch(1);
  public static volatile CountDownLatch release = new CountDownLatch(1);

  public static void arm() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  @PostMapping("/v1/testing/slow")
  @RequiresScope
  Map<String, Object> slow(@RequestBody Map<String, Object> body) throws InterruptedException {
    entered.countDown();
    release.await(20, TimeUnit.SECONDS);
    return Map.of("echo", body, "at", System.nanoTime());
  }

  @org.springframework.web.bind.annotation.GetMapping("/v1/testing/bug")
  @RequiresScope
  Map<String, Object> bug() {
    throw new IllegalStateException("secret internals: jdbc:postgresql://db/prod password=hunter2");
  }
}
