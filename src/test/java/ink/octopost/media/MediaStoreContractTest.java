package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link MediaStore} does, whatever keeps the bytes: each implementation runs these
 * cases in a short subclass.
 */
abstract class MediaStoreContractTest {

  static final long LARGE = 100L * 1024 * 1024;

  @TempDir Path temp;

  /** The store under test; the same instance for every call in one test. */
  abstract MediaStore store();

  String key(String name) {
    return "contract/" + UUID.randomUUID() + "/" + name;
  }

  @Test
  void put_thenOpen_returnsTheBytes_andSizeIsTheirLength() throws IOException {
    String key = key("hello.txt");
    byte[] bytes = "hello, media".getBytes(StandardCharsets.UTF_8);
    assertThat(store().put(key, new java.io.ByteArrayInputStream(bytes), bytes.length)).isEqualTo(bytes.length);
    assertThat(read(store().open(key))).isEqualTo(bytes);
    assertThat(store().size(key)).isEqualTo(bytes.length);
  }

  @Test
  void putOfAFile_storesItsBytes() throws IOException {
    String key = key("file.bin");
    Path file = temp.resolve("file.bin");
    byte[] bytes = pattern(300_000);
    Files.write(file, bytes);
    assertThat(store().put(key, file)).isEqualTo(bytes.length);
    assertThat(read(store().open(key))).isEqualTo(bytes);
  }

  @Test
  void openWithARange_readsExactlyThoseBytes() throws IOException {
    String key = key("range.bin");
    byte[] bytes = pattern(10_000);
    store().put(key, new java.io.ByteArrayInputStream(bytes), bytes.length);
    assertThat(read(store().open(key, 0, 100))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 0, 100));
    assertThat(read(store().open(key, 1234, 4321))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1234, 1234 + 4321));
    assertThat(read(store().open(key, 9_950, 50))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 9_950, 10_000));
    assertThat(read(store().open(key, 9_999, 1))).containsExactly(bytes[9_999]);
    assertThat(read(store().open(key, 500, 0))).isEmpty();
  }

  @Test
  void aMissingKey_isNoSuchFile_forOpenRangeAndSize_andDeletingItIsFine() throws IOException {
    String key = key("missing.bin");
    assertThatThrownBy(() -> read(store().open(key))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> read(store().open(key, 0, 10))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store().size(key)).isInstanceOf(NoSuchFileException.class);
    store().delete(key);
  }

  @Test
  void delete_removesTheObject() throws IOException {
    String key = key("gone.bin");
    store().put(key, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
    store().delete(key);
    assertThatThrownBy(() -> store().size(key)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> read(store().open(key))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void put_overwritesWhatWasThere() throws IOException {
    String key = key("twice.bin");
    store().put(key, new java.io.ByteArrayInputStream(pattern(5_000)), 5_000);
    byte[] second = "second".getBytes(StandardCharsets.UTF_8);
    store().put(key, new java.io.ByteArrayInputStream(second), second.length);
    assertThat(read(store().open(key))).isEqualTo(second);
    assertThat(store().size(key)).isEqualTo(second.length);
  }

  @Test
  void anEmptyObject_isStoredAndRead() throws IOException {
    String key = key("empty.bin");
    store().put(key, InputStream.nullInputStream(), 0);
    assertThat(store().size(key)).isZero();
    assertThat(read(store().open(key))).isEmpty();
  }

  @Test
  void aStreamShorterThanAnnounced_isRefused_andLeavesNoObject() {
    String key = key("short.bin");
    assertThatThrownBy(() -> store().put(key, new java.io.ByteArrayInputStream(new byte[100]), 200)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store().size(key)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aLargeObject_streamsInAndOut_byteForByte() throws Exception {
    String key = key("large.bin");
    var source = new Generated(LARGE, 42);
    assertThat(store().put(key, source, LARGE)).isEqualTo(LARGE);
    assertThat(store().size(key)).isEqualTo(LARGE);
    assertThat(sha256(store().open(key))).isEqualTo(sha256(new Generated(LARGE, 42)));
    long from = LARGE - 3_000_000;
    assertThat(sha256(store().open(key, from, 3_000_000))).isEqualTo(sha256(skip(new Generated(LARGE, 42), from)));
    store().delete(key);
  }

  @Test
  void aLargeFile_isStoredByteForByte() throws Exception {
    String key = key("large-file.bin");
    Path file = temp.resolve("large.bin");
    try (var in = new Generated(LARGE + 12_345, 7)) {
      Files.copy(in, file);
    }
    assertThat(store().put(key, file)).isEqualTo(LARGE + 12_345);
    assertThat(sha256(store().open(key))).isEqualTo(sha256(Files.newInputStream(file)));
    store().delete(key);
  }

  static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  static String sha256(InputStream in) throws Exception {
    var digest = MessageDigest.getInstance("SHA-256");
    try (var d = new DigestInputStream(in, digest)) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static InputStream skip(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
    return in;
  }

  /** {@code length} pseudo-random bytes made on the fly: large objects without holding them. */
  static final class Generated extends InputStream {
    private final java.util.SplittableRandom random;
    private long left;

    Generated(long length, long seed) {
      this.left = length;
      this.random = new java.util.SplittableRandom(seed);
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      left -= n;
      return n;
    }
  }
}
