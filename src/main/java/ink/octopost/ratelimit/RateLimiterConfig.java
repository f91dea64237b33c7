package ink.octopost.ratelimit;

import ink.octopost.database.DatabaseMode;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where the buckets live: in memory when this process owns the database alone, else in it. */
@Configuration(proxyBeanMethods = false)
class RateLimiterConfig {

  private static final Logger log = LoggerFactory.getLogger(RateLimiterConfig.class);

  @Bean
  RateLimiter rateLimiter(DatabaseMode mode, JdbcClient jdbc, Clock clock) {
    if (mode.singleProcess()) {
      log.debug("Rate-limit buckets in memory: the embedded database serves this process only");
      return new LocalRateLimiter(clock);
    }
    return new PostgresRateLimiter(jdbc, clock);
  }
}
