package ink.octopost.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.TestEndpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class IdempotencyTest extends ApiTestBase {

  @Autowired JdbcClient jdbc;

  private Api.Response create(String key, String idem, String name) {
    return api.request("POST", "/v1/api-keys").key(key).header("Idempotency-Key", idem)
        .json("{\"name\": \"" + name + "\"}").send();
  }

  private long keysNamed(String name) {
    return api.get("/v1/api-keys?limit=100", tenant.key()).json().path("api_keys").valueStream()
        .filter(k -> k.path("name").asString().equals(name)).count();
  }

  @Test
  void repeat_replaysTheFirstResponse_andCreatesNothingNew() {
    var first = create(tenant.key(), "order-1", "replayed");
    var second = create(tenant.key(), "order-1", "replayed");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    assertThat(keysNamed("replayed")).isEqualTo(1);
  }

  @Test
  void storedResponses_areSealed_soASecretInThemIsNotReadableInTheDatabase() {
    var created = create(tenant.key(), "sealed-1", "sealed");
    String secret = created.json().path("secret").asString();

    byte[] stored = jdbc.sql("SELECT body_sealed FROM idempotency_records WHERE idem_key = 'sealed-1'")
        .query(byte[].class).single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret).doesNotContain("sealed");
  }

  @Test
  void sameKey_differentRequest_is422() {
    create(tenant.key(), "order-2", "first");
    var reused = create(tenant.key(), "order-2", "second");

    assertError(reused, 422, "idempotency_key_reused");
    assertThat(keysNamed("second")).isZero();
  }

  @Test
  void sameKey_fromAnotherApiKey_isIndependent() {
    String other = tenants.key(tenant, KeyMode.LIVE);
    var mine = create(tenant.key(), "shared-idem", "per-key");
    var theirs = create(other, "shared-idem", "per-key");

    assertThat(theirs.status()).isEqualTo(201);
    assertThat(theirs.header("Idempotent-Replayed")).isNull();
    assertThat(theirs.json().path("id").asString()).isNotEqualTo(mine.json().path("id").asString());
  }

  @Test
  void concurrentDuplicate_whileTheFirstIsInFlight_is409_thenReplays() throws Exception {
    TestEndpoints.arm();
    var first = CompletableFuture.supplyAsync(() -> api.request("POST", "/v1/testing/slow")
        .key(tenant.key()).header("Idempotency-Key", "slow-1").json("{\"n\": 1}").send());
    assertThat(TestEndpoints.entered.await(10, TimeUnit.SECONDS)).isTrue();

    var duplicate = api.request("POST", "/v1/testing/slow").key(tenant.key())
        .header("Idempotency-Key", "slow-1").json("{\"n\": 1}").send();
    assertError(duplicate, 409, "conflict");

    TestEndpoints.release.countDown();
    var original = first.get(20, TimeUnit.SECONDS);
    assertThat(original.status()).isEqualTo(200);

    var later = api.request("POST", "/v1/testing/slow").key(tenant.key())
        .header("Idempotency-Key", "slow-1").json("{\"n\": 1}").send();
    assertThat(later.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(later.text()).isEqualTo(original.text());
  }

  @Test
  void errorsThatTheClientCanFix_areReplayedToo() {
    var invalid = api.request("POST", "/v1/api-keys").key(tenant.key()).header("Idempotency-Key", "bad-1")
        .json("{\"name\": \"\"}").send();
    var again = api.request("POST", "/v1/api-keys").key(tenant.key()).header("Idempotency-Key", "bad-1")
        .json("{\"name\": \"\"}").send();
    assertError(invalid, 422, "validation_error");
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void after24Hours_theKeyIsFree_again() {
    create(tenant.key(), "order-3", "day-one");
    clock.advance(Duration.ofHours(24).plusMinutes(1));

    var next = create(tenant.key(), "order-3", "day-two");

    assertThat(next.status()).isEqualTo(201);
    assertThat(next.header("Idempotent-Replayed")).isNull();
    assertThat(keysNamed("day-two")).isEqualTo(1);
  }

  @Test
  void aClaimLeftByADeadRequest_isTakenOverAfterItsLease() {
    jdbc.sql("""
        INSERT INTO idempotency_records (api_key_id, idem_key, request_hash, state, locked_until, created_at)
        SELECT id, 'orphan-1', '\\x00'::bytea, 'in_flight', now() - interval '1 second', now() FROM api_keys
        WHERE workspace_id = ? LIMIT 1""").param(tenant.workspaceId()).update();

    var r = create(tenant.key(), "orphan-1", "after-crash");

    assertThat(r.status()).isEqualTo(201);
  }
}
