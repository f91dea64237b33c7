package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  private static ByteRange r(String header) {
    return ByteRange.of(header, 1000);
  }

  @Test
  void singleRanges() {
    assertThat(r("bytes=0-99")).isEqualTo(new ByteRange.Slice(0, 100));
    assertThat(r("bytes=900-")).isEqualTo(new ByteRange.Slice(900, 100));
    assertThat(r("bytes=-1")).isEqualTo(new ByteRange.Slice(999, 1));
    assertThat(r("bytes=-5000")).isEqualTo(new ByteRange.Slice(0, 1000));
    assertThat(r("bytes=0-")).isEqualTo(new ByteRange.Slice(0, 1000));
    assertThat(r("Bytes = 10 - 19 ")).isEqualTo(new ByteRange.Slice(10, 10));
    assertThat(r("bytes=0010-0019")).isEqualTo(new ByteRange.Slice(10, 10));
    assertThat(r("bytes=990-99999999999999999999999")).isEqualTo(new ByteRange.Slice(990, 10));
  }

  @Test
  void unsatisfiable() {
    assertThat(r("bytes=1000-")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(r("bytes=99999999999999999999999-")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(r("bytes=-0")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.of("bytes=-10", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }

  @Test
  void ignoredAsTheRfcSays_orSeveralRanges_giveTheWholeObject() {
    for (String h : new String[] {null, "", "bytes=", "bytes=-", "bytes=5-4", "bytes=a-b", "items=0-1", "bytes=0-1,5-6",
        "bytes=1-2-3", "bytes=+1-2", "bytes=-1-2", "bytes=0x10-"}) {
      assertThat(r(h)).as(h).isInstanceOf(ByteRange.Whole.class);
    }
  }
}
