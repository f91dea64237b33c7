package ink.octopost.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.shared.ApiException;
import ink.octopost.testing.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RateLimitTest extends ApiTestBase {

  @Autowired RateLimits rateLimits;
  @Autowired ApiKeyService keys;
  @Autowired RateLimiter limiter;

  @Test
  void everyAuthenticatedResponse_carriesTheHeaders_countingDown() {
    clock.freeze();
    var first = api.get("/v1/me", tenant.key());
    var second = api.get("/v1/me", tenant.key());
    var notFound = api.get("/v1/nothing", tenant.key());

    assertThat(first.header("X-RateLimit-Limit")).isEqualTo("1000");
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("999");
    assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("998");
    assertThat(notFound.header("X-RateLimit-Remaining")).as("errors count too").isEqualTo("997");
    long reset = Long.parseLong(second.header("X-RateLimit-Reset"));
    assertThat(reset).isBetween(clock.instant().getEpochSecond(), clock.instant().getEpochSecond() + 61);
  }

  @Test
  void overTheLimit_is429_withRetryAfter_andTheDocumentedBody() {
    var free = tenants.create("free");
    clock.freeze();
    for (int i = 0; i < 60; i++) {
      var r = api.get("/v1/me", free.key());
      assertThat(r.status()).as("request %d of 60", i + 1).isEqualTo(200);
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(59 - i));
    }

    var limited = assertError(api.get("/v1/me", free.key()), 429, "rate_limited");

    assertThat(limited.header("Retry-After")).isEqualTo("1");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    var details = limited.json().path("details");
    assertThat(details.path("limit").asInt()).isEqualTo(60);
    assertThat(details.path("remaining").asInt()).isZero();
    assertThat(details.path("retry_after").asInt()).isEqualTo(1);
    assertThat(Instant.parse(details.path("reset_at").asString())).isAfter(clock.instant());
    assertThat(limited.json().path("error").asString()).isEqualTo("Rate limit exceeded. Try again in 1 second.");

    clock.advance(Duration.ofSeconds(1));
    assertThat(api.get("/v1/me", free.key()).status()).isEqualTo(200);
    assertThat(api.get("/v1/me", free.key()).status()).isEqualTo(429);
  }

  @Test
  void eachKey_hasItsOwnBucket() {
    var free = tenants.create("free");
    String second = tenants.key(free, ink.octopost.auth.KeyMode.LIVE);
    clock.freeze();
    for (int i = 0; i < 60; i++) {
      api.get("/v1/me", free.key());
    }
    assertThat(api.get("/v1/me", free.key()).status()).isEqualTo(429);
    assertThat(api.get("/v1/me", second).status()).isEqualTo(200);
  }

  @Test
  void aClockThatStepsBack_neverLocksAKeyOutForLongerThanOnePeriod() {
    var free = tenants.create("free");
    clock.freeze();
    for (int i = 0; i < 61; i++) {
      api.get("/v1/me", free.key());
    }
    clock.advance(java.time.Duration.ofDays(-200));
    var r = assertError(api.get("/v1/me", free.key()), 429, "rate_limited");
    assertThat(Long.parseLong(r.header("Retry-After"))).isLessThanOrEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(api.get("/v1/me", free.key()).status()).isEqualTo(200);
  }

  @Test
  void anEnormousTier_stillCounts_andNeverFails() {
    var decision = limiter.consume("huge:" + tenant.workspaceId(), 100_000_000, Duration.ofMinutes(1));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.remaining()).as("capped by 1 µs resolution").isGreaterThanOrEqualTo(59_999_999);
  }

  @Test
  void publishBucket_isSeparate_andHourly() {
    var free = tenants.create("free");
    clock.freeze();
    var principal = keys.authenticate(free.key()).orElseThrow();
    for (int i = 0; i < 10; i++) {
      rateLimits.consumePublish(principal);
    }
    assertThatThrownBy(() -> rateLimits.consumePublish(principal))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code().code()).isEqualTo("rate_limited");
          assertThat(e.headers().get("Retry-After")).isEqualTo("360");
          assertThat(e.details().get("limit")).isEqualTo(10);
        });
    assertThat(api.get("/v1/me", free.key()).status()).as("requests unaffected").isEqualTo(200);
    clock.advance(Duration.ofMinutes(6));
    rateLimits.consumePublish(principal);
  }
}
