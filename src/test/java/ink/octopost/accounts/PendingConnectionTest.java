package ink.octopost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import ink.octopost.fakes.FakeMultiAccountLogin;
import ink.octopost.fakes.FakeMultiAccountLogin.Granted;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestClock;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A login that grants several accounts, end to end over HTTP: connect-url, the fake authorization
 * server's consent, the callback, the page that lists the candidates, and the choice (through the
 * API and through the page's form), against a real node and PostgreSQL.
 */
class PendingConnectionTest {

  static final AtomicInteger IDS = new AtomicInteger(5000);
  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static final Pattern FORM_TOKEN = Pattern.compile("name=\"form_token\" value=\"([^\"]+)\"");

  static FakeMultiAccountLogin fake;
  static Nodes.Node node;
  static String publicUrl;

  String workspace;
  String key;
  Granted a;
  Granted b;
  Granted c;

  /** The test's own beans: the flow (for LinkedIn, which has none of its own) and a clock it can move. */
  static class Beans {
    @Bean
    MultiAccountFlow multiAccountFlow() {
      return new MultiAccountFlow(() -> fake.url());
    }

    @Bean
    @Primary
    TestClock pendingTestClock() {
      return new TestClock();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    publicUrl = "http://localhost:" + port;
    fake = new FakeMultiAccountLogin(MultiAccountFlow.CLIENT_ID, publicUrl + "/oauth/callback/linkedin");
    node = Nodes.start(TestDatabase.newDatabase("pending"), Map.of(
        "server.port", String.valueOf(port),
        "octopost.public-url", publicUrl,
        "octopost.outbound.allow-private-networks", "true"), Beans.class);
  }

  @AfterAll
  static void stop() {
    node.close();
    fake.close();
  }

  @BeforeEach
  void tenant() {
    workspace = newWorkspace();
    key = key(workspace, KeyMode.LIVE);
    int n = IDS.addAndGet(3);
    a = new Granted("10" + n, "Corner Café", "cornercafe", "https://cdn.example.test/a.png");
    b = new Granted("20" + n, "<script>alert('x')</script> & Sons", null, null);
    c = new Granted("30" + n, "Bakery \"Crumbs\"", "crumbs", "javascript:alert(1)");
    fake.grant(a, b, c);
  }

  @AfterEach
  void resetClock() {
    clock().reset();
  }

  private static TestClock clock() {
    return node.bean(TestClock.class);
  }

  private static String newWorkspace() {
    var workspaces = node.bean(WorkspaceService.class);
    var ws = workspaces.create("pending", "pro");
    workspaces.createOwner(ws.id(), ws.id() + "@example.test", "Owner", "password");
    return ws.id();
  }

  private static String key(String ws, KeyMode mode, Scope... scopes) {
    String owner = node.bean(JdbcClient.class).sql("SELECT id FROM users WHERE email = ?").param(ws + "@example.test")
        .query(String.class).single();
    return node.bean(ApiKeyService.class).create(ws, owner, "k", mode, Set.of(scopes)).secret();
  }

  private static Api api() {
    return node.api();
  }

  static HttpResponse<String> browse(HttpRequest request) {
    try {
      return BROWSER.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> browse(String url) {
    return browse(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  /** connect-url, the consent (the fake approves at once), the callback: the callback's answer. */
  private HttpResponse<String> login() {
    var started = api().get("/v1/accounts/connect-url?platform=linkedin", key);
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    var consent = browse(started.json().path("auth_url").asString());
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    String callback = consent.headers().firstValue("Location").orElseThrow();
    assertThat(callback).startsWith(publicUrl + "/oauth/callback/linkedin?");
    return browse(callback);
  }

  /** A login that grants several accounts: the page's URL the browser is sent to. */
  private String loginToPage() {
    var callback = login();
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    assertThat(callback.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    String page = callback.headers().firstValue("Location").orElseThrow();
    assertThat(page).matches(Pattern.quote(publicUrl) + "/connect/pending/pcn_[A-Za-z0-9]+\\?token=[A-Za-z0-9_-]{43}");
    return page;
  }

  private static String pendingId(String pageUrl) {
    return URI.create(pageUrl).getPath().substring("/connect/pending/".length());
  }

  private Api.Response choose(String id, String k, String json) {
    return api().post("/v1/accounts/pending/" + id, k, json);
  }

  private HttpResponse<String> submitForm(String id, String formToken, String... chosen) {
    var body = new StringBuilder("form_token=" + URLEncoder.encode(formToken, StandardCharsets.UTF_8));
    for (String c : chosen) {
      body.append("&platform_user_id=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    return browse(HttpRequest.newBuilder(URI.create(publicUrl + "/connect/pending/" + id))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  private static String formToken(String html) {
    var m = FORM_TOKEN.matcher(html);
    assertThat(m.find()).as(html).isTrue();
    return m.group(1);
  }

  private List<JsonNode> accounts() {
    return api().get("/v1/accounts?platform=linkedin", key).json().path("accounts").valueStream().toList();
  }

  private Map<String, String> credentials(String accountId) {
    return node.bean(AccountService.class).currentCredentials(accountId).orElseThrow().values();
  }

  private byte[] sealedColumn(String accountId) {
    return node.bean(JdbcClient.class).sql("SELECT credentials_sealed FROM accounts WHERE id = ?").param(accountId)
        .query(byte[].class).single();
  }

  private long connectedEvents() {
    return node.bean(JdbcClient.class).sql("SELECT count(*) FROM events WHERE workspace_id = ? AND type = 'account.connected'")
        .param(workspace).query(Long.class).single();
  }

  private static void assertGone(Api.Response r, String says) {
    assertThat(r.status()).as(r.toString()).isEqualTo(410);
    assertThat(r.json().path("code").asString()).isEqualTo("gone");
    assertThat(r.json().path("error").asString()).contains(says);
  }

  @Test
  void threeAccounts_landOnAPageListingThem_escaped_andTheApiShowsTheSame_withoutCredentials() {
    String pageUrl = loginToPage();
    String id = pendingId(pageUrl);
    assertThat(accounts()).as("nothing is connected before the choice").isEmpty();

    var page = browse(pageUrl);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    assertThat(page.headers().firstValue("Referrer-Policy").orElseThrow()).isEqualTo("no-referrer");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "script-src");
    String html = page.body();
    assertThat(html).contains("Corner Café", "@cornercafe", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons",
        "Bakery &quot;Crumbs&quot;", "<img src=\"https://cdn.example.test/a.png\" alt=\"\">");
    assertThat(html).doesNotContain("<script", "javascript:", "EAAB-", "style=\"");
    assertThat(html.split("type=\"checkbox\"", -1)).hasSize(4);
    assertThat(html).contains("<label for=\"candidate-0\"><input type=\"checkbox\" id=\"candidate-0\" name=\"platform_user_id\""
        + " value=\"" + a.id() + "\">");
    assertThat(html).contains("<link rel=\"stylesheet\" href=\"../connect/octopost.css\">", "action=\"" + id + "\"");
    var css = browse(publicUrl + "/connect/octopost.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");

    var open = api().get("/v1/accounts/pending", key);
    assertThat(open.status()).as(open.toString()).isEqualTo(200);
    assertThat(open.json().path("pending_connections").valueStream().map(n -> n.path("id").asString())).containsExactly(id);
    assertThat(api().get("/v1/accounts/pending", key(newWorkspace(), KeyMode.LIVE)).json().path("pending_connections").size())
        .as("another workspace's").isZero();

    var view = api().get("/v1/accounts/pending/" + id, key);
    assertThat(view.status()).as(view.toString()).isEqualTo(200);
    var json = view.json();
    assertThat(json.path("id").asString()).isEqualTo(id);
    assertThat(json.path("platform").asString()).isEqualTo("linkedin");
    assertThat(java.time.Instant.parse(json.path("expires_at").asString()))
        .isBetween(java.time.Instant.now().plus(Duration.ofMinutes(29)), java.time.Instant.now().plus(Duration.ofMinutes(31)));
    var candidates = json.path("candidates");
    assertThat(candidates.valueStream().map(n -> n.path("platform_user_id").asString())).containsExactly(a.id(), b.id(), c.id());
    assertThat(candidates.get(0).path("username").asString()).isEqualTo("cornercafe");
    assertThat(candidates.get(0).path("display_name").asString()).isEqualTo("Corner Café");
    assertThat(candidates.get(0).path("avatar_url").asString()).isEqualTo("https://cdn.example.test/a.png");
    assertThat(candidates.get(1).path("username").isNull()).isTrue();
    assertThat(candidates.get(1).path("display_name").asString()).isEqualTo(b.name());
    assertThat(candidates.valueStream().allMatch(n -> !n.path("already_connected").asBoolean())).isTrue();
    assertThat(view.text()).doesNotContain("EAAB-", "access_token");

    // The candidates' tokens are in the database only sealed.
    var sealed = node.bean(JdbcClient.class).sql("SELECT secrets_sealed FROM pending_candidates WHERE pending_id = ?")
        .param(id).query(byte[].class).list();
    assertThat(sealed).hasSize(3);
    for (byte[] s : sealed) {
      assertThat(new String(s, StandardCharsets.ISO_8859_1)).doesNotContain("EAAB-", "access_token");
    }
  }

  @Test
  void choosingTwoThroughTheApi_connectsThem_withSealedCredentials_once() {
    String id = pendingId(loginToPage());
    var r = choose(id, key, "{\"platform_user_ids\": [\"" + c.id() + "\", \"" + a.id() + "\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    var connected = r.json().path("accounts");
    assertThat(connected.valueStream().map(n -> n.path("platform_user_id").asString()))
        .as("in the network's order").containsExactly(a.id(), c.id());
    assertThat(connected.get(0).path("id").asString()).startsWith("acc_");
    assertThat(connected.get(0).path("platform").asString()).isEqualTo("linkedin");
    assertThat(connected.get(0).path("display_name").asString()).isEqualTo("Corner Café");
    assertThat(connected.get(0).path("status").asString()).isEqualTo("active");
    assertThat(r.text()).doesNotContain("EAAB-");

    assertThat(accounts()).extracting(n -> n.path("platform_user_id").asString()).containsExactlyInAnyOrder(a.id(), c.id());
    for (var account : connected) {
      String accountId = account.path("id").asString();
      String token = credentials(accountId).get("access_token");
      assertThat(token).isEqualTo(fake.tokensOf(account.path("platform_user_id").asString()).getLast());
      assertThat(new String(sealedColumn(accountId), StandardCharsets.ISO_8859_1)).doesNotContain(token);
    }
    assertThat(connectedEvents()).isEqualTo(2);

    assertGone(choose(id, key, "{\"platform_user_ids\": [\"" + b.id() + "\"]}"), "already used");
    assertGone(api().get("/v1/accounts/pending/" + id, key), "already used");
    assertThat(api().get("/v1/accounts/pending", key).json().path("pending_connections").size()).as("used").isZero();
    assertThat(accounts()).hasSize(2);
    assertThat(node.bean(JdbcClient.class).sql("SELECT count(*) FROM pending_candidates WHERE pending_id = ? AND"
        + " secrets_sealed IS NOT NULL").param(id).query(Long.class).single()).as("every candidate's secrets are gone").isZero();
  }

  @Test
  void choosingThroughThePageForm_connectsTheChosen_andTheFormCannotBeForged() {
    String pageUrl = loginToPage();
    String id = pendingId(pageUrl);
    String formToken = formToken(browse(pageUrl).body());

    var forged = submitForm(id, "not-the-token", a.id());
    assertThat(forged.statusCode()).isEqualTo(404);
    assertThat(forged.body()).contains("Link not recognized");
    var none = submitForm(id, formToken);
    assertThat(none.statusCode()).isEqualTo(422);
    assertThat(none.body()).contains("Choose at least one account", "type=\"checkbox\"");
    assertThat(browse(publicUrl + "/connect/pending/" + id + "?token=wrong").statusCode()).isEqualTo(404);
    assertThat(browse(publicUrl + "/connect/pending/" + id).statusCode()).isEqualTo(404);
    assertThat(accounts()).isEmpty();

    var done = submitForm(id, formToken, a.id(), b.id());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(done.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    assertThat(done.body()).contains("Accounts connected", "Corner Café", "&lt;script&gt;").doesNotContain("<script");
    var accounts = accounts();
    assertThat(accounts).extracting(n -> n.path("platform_user_id").asString()).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(accounts).extracting(n -> n.path("username").asString())
        .as("an account without a handle goes by its id").containsExactlyInAnyOrder("cornercafe", b.id());
    for (var account : accounts) {
      assertThat(done.body()).contains(account.path("id").asString());
      String token = credentials(account.path("id").asString()).get("access_token");
      assertThat(token).startsWith("EAAB-page-");
      assertThat(new String(sealedColumn(account.path("id").asString()), StandardCharsets.ISO_8859_1)).doesNotContain(token);
    }

    var again = submitForm(id, formToken, c.id());
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(again.body()).contains("already used");
    var reopened = browse(pageUrl);
    assertThat(reopened.statusCode()).isEqualTo(410);
    assertThat(reopened.body()).contains("Already used").doesNotContain("type=\"checkbox\"");
    assertThat(accounts()).hasSize(2);
  }

  @Test
  void unknownOrMissingIds_are422_andUseNothingUp() {
    String id = pendingId(loginToPage());
    var unknown = choose(id, key, "{\"platform_user_ids\": [\"" + a.id() + "\", \"nope-1\", \"<b>\"]}");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(422);
    assertThat(unknown.json().path("code").asString()).isEqualTo("validation_error");
    assertThat(unknown.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("platform_user_ids");
    assertThat(unknown.json().path("error").asString()).contains("'nope-1'", "'<b>'").doesNotContain(a.id());
    assertThat(choose(id, key, "{\"platform_user_ids\": []}").status()).isEqualTo(422);
    assertThat(choose(id, key, "{}").json().path("error").asString()).contains("platform_user_ids");
    assertThat(choose(id, key, "{\"platform_user_ids\": [1]}").status()).isEqualTo(422);
    var typo = choose(id, key, "{\"platform_user_id\": [\"" + a.id() + "\"]}");
    assertThat(typo.status()).isEqualTo(422);
    assertThat(typo.json().path("details").path("fields").findValuesAsString("field")).contains("platform_user_id");
    assertThat(accounts()).isEmpty();

    assertThat(choose(id, key, "{\"platform_user_ids\": [\"" + b.id() + "\"]}").status()).isEqualTo(201);
    assertThat(accounts()).hasSize(1);
  }

  @Test
  void anotherWorkspace_aTestKey_andAnUnknownId_are404_andScopesApply() {
    String id = pendingId(loginToPage());
    String other = key(newWorkspace(), KeyMode.LIVE);
    assertThat(api().get("/v1/accounts/pending/" + id, other).status()).isEqualTo(404);
    assertThat(choose(id, other, "{\"platform_user_ids\": [\"" + a.id() + "\"]}").status()).isEqualTo(404);
    String test = key(workspace, KeyMode.TEST);
    assertThat(api().get("/v1/accounts/pending/" + id, test).status()).isEqualTo(404);
    assertThat(api().get("/v1/accounts/pending/pcn_unknown", key).status()).isEqualTo(404);

    String readOnly = key(workspace, KeyMode.LIVE, Scope.ACCOUNTS_READ);
    assertThat(api().get("/v1/accounts/pending/" + id, readOnly).status()).isEqualTo(200);
    assertThat(choose(id, readOnly, "{\"platform_user_ids\": [\"" + a.id() + "\"]}").status()).isEqualTo(403);
    String postsOnly = key(workspace, KeyMode.LIVE, Scope.POSTS_READ);
    assertThat(api().get("/v1/accounts/pending/" + id, postsOnly).status()).isEqualTo(403);
    assertThat(accounts()).isEmpty();
    assertThat(choose(id, key, "{\"platform_user_ids\": [\"" + a.id() + "\"]}").status()).isEqualTo(201);
  }

  @Test
  void aPendingConnection_expiresAfterThirtyMinutes() {
    String pageUrl = loginToPage();
    String id = pendingId(pageUrl);
    clock().advance(Duration.ofMinutes(29));
    assertThat(api().get("/v1/accounts/pending/" + id, key).status()).isEqualTo(200);
    clock().advance(Duration.ofMinutes(1).plusSeconds(1));
    assertGone(api().get("/v1/accounts/pending/" + id, key), "expired");
    assertGone(choose(id, key, "{\"platform_user_ids\": [\"" + a.id() + "\"]}"), "expired");
    var page = browse(pageUrl);
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.body()).contains("expired");
    assertThat(accounts()).isEmpty();

    // The next login's pruning destroys the expired candidates' secrets.
    loginToPage();
    assertThat(node.bean(JdbcClient.class).sql("SELECT count(*) FROM pending_candidates WHERE pending_id = ? AND"
        + " secrets_sealed IS NOT NULL").param(id).query(Long.class).single()).isZero();
  }

  @Test
  void reconnecting_keepsTheAccountId_updatesItsCredentials_andSaysItWasConnected() {
    String first = pendingId(loginToPage());
    var connected = choose(first, key, "{\"platform_user_ids\": [\"" + a.id() + "\"]}").json().path("accounts").get(0);
    String accountId = connected.path("id").asString();
    String oldToken = credentials(accountId).get("access_token");

    String second = pendingId(loginToPage());
    var candidates = api().get("/v1/accounts/pending/" + second, key).json().path("candidates");
    assertThat(candidates.get(0).path("already_connected").asBoolean()).isTrue();
    assertThat(candidates.get(1).path("already_connected").asBoolean()).isFalse();
    assertThat(browse(loginToPage()).body()).contains("Already connected");

    var again = choose(second, key, "{\"platform_user_ids\": [\"" + a.id() + "\", \"" + c.id() + "\"]}");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().path("accounts").get(0).path("id").asString()).isEqualTo(accountId);
    String newToken = credentials(accountId).get("access_token");
    assertThat(newToken).isNotEqualTo(oldToken).isEqualTo(fake.tokensOf(a.id()).get(1));
    assertThat(accounts()).hasSize(2);
    assertThat(connectedEvents()).isEqualTo(3);
  }

  @Test
  void oneAccount_connectsAtOnce_andNoneSaysSo() {
    fake.grant(a);
    var one = login();
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(one.body()).contains("Account connected", "@cornercafe");
    assertThat(accounts()).extracting(n -> n.path("platform_user_id").asString()).containsExactly(a.id());
    assertThat(node.bean(JdbcClient.class).sql("SELECT count(*) FROM pending_connections WHERE workspace_id = ?")
        .param(workspace).query(Long.class).single()).isZero();

    fake.grant();
    var none = login();
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.body()).contains("No account to connect", "nothing was connected");
    assertThat(accounts()).hasSize(1);
  }

  @Test
  void theApiDocument_describesThePendingConnection() {
    var doc = api().get("/v1/openapi.json", null).json();
    var path = doc.path("paths").path("/v1/accounts/pending/{id}");
    assertThat(path.path("get").path("operationId").asString()).isEqualTo("getPendingConnection");
    assertThat(path.path("get").path("responses").propertyNames()).contains("200", "404", "410");
    assertThat(path.path("post").path("responses").propertyNames()).contains("201", "404", "410", "422");
    var candidate = doc.path("components").path("schemas").path("PendingCandidate");
    assertThat(candidate.path("properties").path("username").path("type").toString()).contains("null");
    assertThat(candidate.path("properties").path("already_connected").path("type").toString()).contains("boolean");
    assertThat(doc.path("components").path("schemas").path("ChoosePendingRequest").path("required").toString())
        .contains("platform_user_ids");
  }
}
