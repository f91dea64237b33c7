package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Large files pass through the library in a bounded buffer: the heap never holds them. */
class MediaStreamingTest extends ApiTestBase {

  static final long PAYLOAD = 900L * 1024 * 1024;

  @Autowired MediaLibrary library;
  @Autowired MediaStore store;

  @Test
  void a900MegabyteVideo_isHashedProbedAndStored_throughABoundedBuffer() throws Exception {
    byte[] header = TestMp4.header(PAYLOAD);
    var sha = MessageDigest.getInstance("SHA-256");
    sha.update(header);
    byte[] zeros = new byte[1 << 20];
    for (long left = PAYLOAD; left > 0; left -= zeros.length) {
      sha.update(zeros, 0, (int) Math.min(zeros.length, left));
    }
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(header), new Zeros(PAYLOAD));

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    var ingested = library.ingest(tenant.workspaceId(), false, "upload", in, "big.mp4", null, -1);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    var m = ingested.item();
    try {
      assertThat(ingested.created()).isTrue();
      assertThat(m.type()).isEqualTo("video");
      assertThat(m.sizeBytes()).isEqualTo(header.length + PAYLOAD);
      assertThat(m.sha256()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
      assertThat(store.size(m.storageKey())).isEqualTo(header.length + PAYLOAD);
      // copying, hashing, probing and storing 900 MiB allocated this much on the calling thread
      assertThat(allocated).as("bytes allocated while ingesting 900 MiB").isLessThan(32L * 1024 * 1024);
    } finally {
      library.delete(tenant.workspaceId(), m.id());
    }
  }

  /** {@code n} zero bytes, produced without allocating. */
  static final class Zeros extends InputStream {
    private long left;

    Zeros(long n) {
      left = n;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
