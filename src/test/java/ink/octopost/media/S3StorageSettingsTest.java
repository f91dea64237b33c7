package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.OctopostApplication;
import ink.octopost.shared.StartupException;
import ink.octopost.testing.S3MockServer;
import ink.octopost.testing.TestDatabase;
import ink.octopost.testing.TestSupport;
import ink.octopost.workspaces.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole server with {@code OCTOPOST_MEDIA_S3_*} set as environment variables, as an operator
 * sets them: media goes into the bucket of a real S3-protocol server, signed links stream it from
 * there, and with public reads they redirect to a presigned GET the bucket answers itself.
 */
class S3StorageSettingsTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String database;

  @BeforeAll
  static void database() {
    database = TestDatabase.newDatabase("media_s3");
  }

  private static Map<String, Object> s3Variables(boolean publicReads) {
    var env = new LinkedHashMap<String, Object>();
    env.put("OCTOPOST_MEDIA_S3_BUCKET", S3MockServer.BUCKET);
    env.put("OCTOPOST_MEDIA_S3_ENDPOINT", S3MockServer.endpoint().toString());
    env.put("OCTOPOST_MEDIA_S3_REGION", "eu-central-1");
    env.put("OCTOPOST_MEDIA_S3_ACCESS_KEY_ID", S3MockServer.ACCESS_KEY);
    env.put("OCTOPOST_MEDIA_S3_SECRET_ACCESS_KEY", S3MockServer.SECRET_KEY);
    env.put("OCTOPOST_MEDIA_S3_PATH_STYLE", "true");
    env.put("OCTOPOST_MEDIA_S3_PUBLIC_READS", String.valueOf(publicReads));
    return env;
  }

  /** A server whose environment holds exactly these variables. */
  private static ConfigurableApplicationContext start(Map<String, Object> variables) {
    var environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return new SpringApplicationBuilder(OctopostApplication.class)
        .environment(environment)
        .run("--server.port=0", "--octopost.database.url=" + database, "--octopost.secret-key=" + TestSupport.SECRET_KEY,
            "--spring.jmx.enabled=false");
  }

  private static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String mediaIn(ConfigurableApplicationContext app, byte[] bytes) throws Exception {
    String workspace = app.getBean(WorkspaceService.class).create("S3 media", "pro").id();
    return MediaLinkTest.media(app.getBean(JdbcClient.class), app.getBean(MediaStore.class), workspace, "ready", "video/mp4", bytes, "clip.mp4");
  }

  private static String key(ConfigurableApplicationContext app, String mediaId) {
    return app.getBean(JdbcClient.class).sql("SELECT storage_key FROM media WHERE id = ?").param(mediaId).query(String.class).single();
  }

  @Test
  void withTheS3Variables_mediaIsStoredInTheBucket_andSignedLinksStreamItFromThere() throws Exception {
    try (var app = start(s3Variables(false))) {
      var store = app.getBean(MediaStore.class);
      assertThat(store.kind()).isEqualTo("s3");
      byte[] bytes = MediaStoreContractTest.pattern(200_000);
      String id = mediaIn(app, bytes);

      var inBucket = get(S3MockServer.endpoint() + "/" + S3MockServer.BUCKET + "/" + key(app, id));
      assertThat(inBucket.statusCode()).as("the object, read from the S3 server itself").isEqualTo(200);
      assertThat(inBucket.body()).isEqualTo(bytes);

      String port = app.getEnvironment().getProperty("local.server.port");
      String path = app.getBean(SignedMediaUrls.class).url(id, null).getRawPath();
      var whole = get("http://localhost:" + port + path);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(bytes);
      assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
      var tail = get("http://localhost:" + port + path, "Range", "bytes=-1000");
      assertThat(tail.statusCode()).isEqualTo(206);
      assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, 199_000, 200_000));
      assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 199000-199999/200000");
    }
  }

  @Test
  void withPublicReads_aSignedLinkRedirectsToAPresignedGet_thatServesTheBytes() throws Exception {
    try (var app = start(s3Variables(true))) {
      byte[] bytes = MediaStoreContractTest.pattern(50_000);
      String id = mediaIn(app, bytes);
      String port = app.getEnvironment().getProperty("local.server.port");
      String path = app.getBean(SignedMediaUrls.class).url(id, null).getRawPath();

      var redirect = get("http://localhost:" + port + path);
      assertThat(redirect.statusCode()).isEqualTo(302);
      String location = redirect.headers().firstValue("Location").orElseThrow();
      assertThat(location).startsWith(S3MockServer.endpoint() + "/" + S3MockServer.BUCKET + "/").contains("X-Amz-Signature=");
      long presignedFor = Long.parseLong(location.replaceAll(".*X-Amz-Expires=(\\d+).*", "$1"));
      assertThat(presignedFor).as("the presigned URL lives as long as the signed link").isBetween(86_340L, 86_400L);

      var fromBucket = get(location);
      assertThat(fromBucket.statusCode()).isEqualTo(200);
      assertThat(fromBucket.body()).isEqualTo(bytes);
      assertThat(fromBucket.headers().firstValue("Content-Type")).hasValue("video/mp4");

      String tampered = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");
      assertThat(get("http://localhost:" + port + tampered).statusCode()).as("no redirect for a bad signature").isEqualTo(404);
    }
  }

  @Test
  void aBucketThatDoesNotExist_stopsStartUp_namingIt() {
    var env = s3Variables(false);
    env.put("OCTOPOST_MEDIA_S3_BUCKET", "no-such-media-bucket");
    assertThatThrownBy(() -> start(env).close())
        .hasRootCauseInstanceOf(StartupException.class)
        .rootCause()
        .hasMessageContaining("The media bucket 'no-such-media-bucket' at " + S3MockServer.endpoint() + " does not exist.");
  }
}
