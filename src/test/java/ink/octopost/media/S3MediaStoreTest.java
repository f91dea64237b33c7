package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.shared.StartupException;
import ink.octopost.testing.S3MockServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 store against a real S3-protocol server (S3Mock in its own JVM), through the AWS SDK. */
class S3MediaStoreTest extends MediaStoreContractTest {

  private static S3MediaStore store;
  private static S3MediaStore publicStore;

  static MediaProperties.S3 settings(String bucket, boolean publicReads) {
    return new MediaProperties.S3(bucket, S3MockServer.endpoint().toString(), "us-east-1",
        S3MockServer.ACCESS_KEY, S3MockServer.SECRET_KEY, true, publicReads);
  }

  @BeforeAll
  static void connect() {
    store = S3MediaStore.connect(settings(S3MockServer.BUCKET, false));
    publicStore = S3MediaStore.connect(settings(S3MockServer.BUCKET, true));
  }

  @AfterAll
  static void close() {
    store.close();
    publicStore.close();
  }

  @Override
  MediaStore store() {
    return store;
  }

  @Test
  void objectsLargerThanTheHeap_goUpAndComeDown_inAJvmWith48MiBOfHeap() throws Exception {
    String prefix = key("small-heap");
    long streamed = 100L * 1024 * 1024;
    Path file = temp.resolve("file.bin");
    try (var in = new Generated(80L * 1024 * 1024, 3)) {
      java.nio.file.Files.copy(in, file);
    }
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    var process = new ProcessBuilder(javaBinary, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        SmallHeapUpload.class.getName(), S3MockServer.endpoint().toString(), prefix, String.valueOf(streamed), file.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("max heap");

    assertThat(sha256(store.open(prefix + "/streamed.bin"))).isEqualTo(sha256(new Generated(streamed, 1)));
    assertThat(sha256(store.open(prefix + "/single.bin")))
        .isEqualTo(sha256(new Generated(S3MediaStore.MULTIPART_THRESHOLD, 2)));
    assertThat(sha256(store.open(prefix + "/file.bin"))).isEqualTo(sha256(java.nio.file.Files.newInputStream(file)));
    for (String name : new String[] {"streamed.bin", "single.bin", "file.bin"}) {
      store.delete(prefix + "/" + name);
    }
  }

  @Test
  void withoutPublicReads_thereIsNoPresignedUrl() {
    assertThat(store.presignedGet("a/b.jpg", "image/jpeg", Duration.ofMinutes(5))).isEmpty();
    assertThat(store.kind()).isEqualTo("s3");
  }

  @Test
  void withPublicReads_aPresignedGet_servesTheBytes_withTheStoredType() throws Exception {
    String key = key("photo.jpg");
    byte[] bytes = pattern(70_000);
    publicStore.put(key, new ByteArrayInputStream(bytes), bytes.length);
    var url = publicStore.presignedGet(key, "image/jpeg", Duration.ofMinutes(5)).orElseThrow();
    assertThat(url.getQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=300");

    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
  }

  @Test
  void aPresignedUrl_livesAtMostTheSevenDaysSigV4Allows() {
    var url = publicStore.presignedGet("a/b.mp4", "video/mp4", Duration.ofDays(30)).orElseThrow();
    assertThat(url.getQuery()).contains("X-Amz-Expires=604800");
  }

  @Test
  void aMissingBucket_stopsStartUp_sayingWhich() {
    assertThatThrownBy(() -> S3MediaStore.connect(settings("no-such-bucket", false)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("bucket 'no-such-bucket'")
        .hasMessageContaining("does not exist");
  }

  @Test
  void anUnreachableEndpoint_stopsStartUp_sayingWhere() {
    var settings = new MediaProperties.S3("media", "http://127.0.0.1:9", "us-east-1", "a", "b", true, false);
    assertThatThrownBy(() -> S3MediaStore.connect(settings))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("Cannot reach the media bucket 'media' at http://127.0.0.1:9");
  }

  @Test
  void halfOfAKeyPair_stopsStartUp() {
    var settings = new MediaProperties.S3("media", "http://127.0.0.1:9", "us-east-1", "a", null, true, false);
    assertThatThrownBy(() -> S3MediaStore.connect(settings))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("Only one of OCTOPOST_MEDIA_S3_ACCESS_KEY_ID and OCTOPOST_MEDIA_S3_SECRET_ACCESS_KEY");
  }
}
