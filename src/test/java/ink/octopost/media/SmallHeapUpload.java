package ink.octopost.media;

import ink.octopost.testing.S3MockServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own with a small heap ({@link S3MediaStoreTest}): stores a generated object
 * larger than that heap through {@link S3MediaStore}, from a stream and from a file. If any layer
 * (ours, the SDK's, the HTTP client's) held the object in memory, this would die of
 * OutOfMemoryError instead of exiting 0.
 */
final class SmallHeapUpload {

  private SmallHeapUpload() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String prefix = args[1];
    long streamed = Long.parseLong(args[2]);
    Path file = Path.of(args[3]);
    var settings = new MediaProperties.S3(S3MockServer.BUCKET, endpoint, "us-east-1", S3MockServer.ACCESS_KEY,
        S3MockServer.SECRET_KEY, true, false);
    try (var store = S3MediaStore.connect(settings)) {
      store.put(prefix + "/streamed.bin", new MediaStoreContractTest.Generated(streamed, 1), streamed);
      store.put(prefix + "/single.bin", new MediaStoreContractTest.Generated(S3MediaStore.MULTIPART_THRESHOLD, 2),
          S3MediaStore.MULTIPART_THRESHOLD);
      store.put(prefix + "/file.bin", file);
      try (var in = store.open(prefix + "/streamed.bin")) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, file " + Files.size(file));
  }
}
