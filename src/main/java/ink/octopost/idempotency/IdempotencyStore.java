package ink.octopost.idempotency;

import ink.octopost.shared.SecretBox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyStore {

  static final Duration RETENTION = Duration.ofHours(24);
  /** A claim not completed within this time belongs to a request that died with its node. */
  static final Duration LEASE = Duration.ofMinutes(2);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecretBox box;

  IdempotencyStore(JdbcClient jdbc, Clock clock, SecretBox box) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.box = box;
  }

  sealed interface Existing {}

  record InFlight() implements Existing {}

  record Different() implements Existing {}

  record Completed(int status, String contentType, byte[] body) implements Existing {}

  /**
   * Claims the key for this request: true when this request should run. A record older than 24
   * hours, or an abandoned claim, is taken over.
   */
  boolean claim(String apiKeyId, String key, byte[] requestHash) {
    Instant now = clock.instant();
    return jdbc.sql(
                """
                INSERT INTO idempotency_records AS r
                  (api_key_id, idem_key, request_hash, state, locked_until, created_at)
                VALUES (:api, :key, :hash, 'in_flight', :lease, :now)
                ON CONFLICT (api_key_id, idem_key) DO UPDATE
                  SET request_hash = EXCLUDED.request_hash, state = 'in_flight',
                      locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
                      status = NULL, content_type = NULL, body_sealed = NULL
                  WHERE r.created_at < :expired OR (r.state = 'in_flight' AND r.locked_until < :now)
                RETURNING 1""")
            .param("api", apiKeyId)
            .param("key", key)
            .param("hash", requestHash)
            .param("lease", Timestamp.from(now.plus(LEASE)))
            .param("now", Timestamp.from(now))
            .param("expired", Timestamp.from(now.minus(RETENTION)))
            .query(Integer.class)
            .optional()
            .isPresent();
  }

  Optional<Existing> existing(String apiKeyId, String key, byte[] requestHash) {
    return jdbc.sql(
            "SELECT request_hash, state, status, content_type, body_sealed FROM idempotency_records"
                + " WHERE api_key_id = ? AND idem_key = ?")
        .params(apiKeyId, key)
        .query(
            (rs, n) -> {
              if (!Arrays.equals(rs.getBytes("request_hash"), requestHash)) {
                return (Existing) new Different();
              }
              if (rs.getString("state").equals("in_flight")) {
                return new InFlight();
              }
              byte[] body = box.open(rs.getBytes("body_sealed"), context(apiKeyId, key));
              return new Completed(rs.getInt("status"), rs.getString("content_type"), body);
            })
        .optional();
  }

  void complete(String apiKeyId, String key, int status, String contentType, byte[] body) {
    jdbc.sql(
            """
            UPDATE idempotency_records SET state = 'completed', status = ?, content_type = ?, body_sealed = ?
            WHERE api_key_id = ? AND idem_key = ?""")
        .params(status, contentType, box.seal(body, context(apiKeyId, key)), apiKeyId, key)
        .update();
  }

  void release(String apiKeyId, String key) {
    jdbc.sql("DELETE FROM idempotency_records WHERE api_key_id = ? AND idem_key = ? AND state = 'in_flight'")
        .params(apiKeyId, key)
        .update();
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  void expire() {
    jdbc.sql("DELETE FROM idempotency_records WHERE created_at < ?")
        .param(Timestamp.from(clock.instant().minus(RETENTION)))
        .update();
  }

  private static String context(String apiKeyId, String key) {
    return "idempotency:" + apiKeyId + ":" + key;
  }
}
