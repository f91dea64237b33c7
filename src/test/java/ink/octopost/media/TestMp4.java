package ink.octopost.media;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A small MP4 built box by box: ftyp, moov (an H.264 video track and an AAC audio track) and an
 * mdat of zeros. Enough for probing (durations, sizes, frame rate, codecs), not for playing.
 */
public final class TestMp4 {

  private TestMp4() {}

  /**
   * @param fps frames per second (the video track has 2 seconds of them)
   * @param moovFirst whether the index comes before the media data (a "fast start" file)
   */
  public static byte[] mp4(int width, int height, int fps, boolean moovFirst) throws IOException {
    byte[] ftyp = box("ftyp", cat(ascii("isom"), u32(512), ascii("isom"), ascii("iso2"), ascii("avc1"), ascii("mp41")));
    byte[] mdatPayload = new byte[600];
    // the index's chunk offsets point into mdat; where mdat starts depends on the order
    byte[] moovProbe = moov(width, height, fps, 0);
    long mdatStart = moovFirst ? ftyp.length + moovProbe.length : ftyp.length;
    byte[] moov = moov(width, height, fps, mdatStart + 8);
    byte[] mdat = box("mdat", mdatPayload);
    return moovFirst ? cat(ftyp, moov, mdat) : cat(ftyp, mdat, moov);
  }

  /**
   * The start of an MP4 whose media data is {@code mdatPayload} bytes (up to 4 GB): ftyp, moov and
   * the mdat box's header. The payload follows, from any source (a benchmark streams a generator).
   */
  public static byte[] header(long mdatPayload) throws IOException {
    byte[] ftyp = box("ftyp", cat(ascii("isom"), u32(512), ascii("isom"), ascii("iso2"), ascii("avc1"), ascii("mp41")));
    long mdatStart = ftyp.length + moov(1280, 720, 30, 0).length;
    return cat(ftyp, moov(1280, 720, 30, mdatStart + 8), u32((int) (8 + mdatPayload)), ascii("mdat"));
  }

  /** The file cut just after its media data: no index, as when a recording is interrupted. */
  public static byte[] withoutIndex() throws IOException {
    byte[] full = mp4(640, 360, 25, false);
    byte[] ftyp = box("ftyp", cat(ascii("isom"), u32(512), ascii("isom"), ascii("iso2"), ascii("avc1"), ascii("mp41")));
    byte[] cut = new byte[ftyp.length + 8 + 600];
    System.arraycopy(full, 0, cut, 0, cut.length);
    return cut;
  }

  private static byte[] moov(int width, int height, int fps, long chunkOffset) throws IOException {
    int videoTimescale = fps * 512;
    int frames = fps * 2;
    byte[] mvhd = box("mvhd", cat(u32(0), u32(0), u32(0), u32(1000), u32(2000), u32(0x00010000), u16(0x0100), zeros(10),
        matrix(), zeros(24), u32(3)));
    byte[] videoTrak = box("trak", cat(
        tkhd(1, 2000, width, height, 0),
        box("mdia", cat(
            mdhd(videoTimescale, frames * 512),
            hdlr("vide", "VideoHandler"),
            box("minf", cat(
                box("vmhd", cat(u32(1), zeros(8))),
                dinf(),
                box("stbl", cat(
                    box("stsd", cat(u32(0), u32(1), avc1(width, height))),
                    box("stts", cat(u32(0), u32(1), u32(frames), u32(512))),
                    box("stsc", cat(u32(0), u32(1), u32(1), u32(frames), u32(1))),
                    box("stsz", cat(u32(0), u32(5), u32(frames))),
                    box("stco", cat(u32(0), u32(1), u32((int) chunkOffset)))))))))));
    byte[] audioTrak = box("trak", cat(
        tkhd(2, 2000, 0, 0, 0x0100),
        box("mdia", cat(
            mdhd(44100, 88064),
            hdlr("soun", "SoundHandler"),
            box("minf", cat(
                box("smhd", cat(u32(0), u32(0))),
                dinf(),
                box("stbl", cat(
                    box("stsd", cat(u32(0), u32(1), mp4a())),
                    box("stts", cat(u32(0), u32(1), u32(86), u32(1024))),
                    box("stsc", cat(u32(0), u32(1), u32(1), u32(86), u32(1))),
                    box("stsz", cat(u32(0), u32(3), u32(86))),
                    box("stco", cat(u32(0), u32(1), u32((int) chunkOffset + 300)))))))))));
    return box("moov", cat(mvhd, videoTrak, audioTrak));
  }

  private static byte[] tkhd(int id, int duration, int width, int height, int volume) throws IOException {
    return box("tkhd", cat(u32(3), u32(0), u32(0), u32(id), u32(0), u32(duration), zeros(8), u16(0), u16(0), u16(volume),
        u16(0), matrix(), u32(width << 16), u32(height << 16)));
  }

  private static byte[] mdhd(int timescale, int duration) throws IOException {
    return box("mdhd", cat(u32(0), u32(0), u32(0), u32(timescale), u32(duration), u16(0x55C4), u16(0)));
  }

  private static byte[] hdlr(String type, String name) throws IOException {
    return box("hdlr", cat(u32(0), u32(0), ascii(type), zeros(12), ascii(name + "\0")));
  }

  private static byte[] dinf() throws IOException {
    return box("dinf", box("dref", cat(u32(0), u32(1), box("url ", u32(1)))));
  }

  private static byte[] avc1(int width, int height) throws IOException {
    byte[] sps = {0x67, 0x42, (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 0x40};
    byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    byte[] avcC = box("avcC", cat(new byte[] {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1}, u16(sps.length), sps,
        new byte[] {1}, u16(pps.length), pps));
    byte[] name = new byte[32];
    return box("avc1", cat(zeros(6), u16(1), zeros(16), u16(width), u16(height), u32(0x00480000), u32(0x00480000), u32(0),
        u16(1), name, u16(0x18), u16(0xFFFF), avcC));
  }

  private static byte[] mp4a() throws IOException {
    byte[] decoderSpecific = {5, 2, 0x12, 0x10};
    byte[] decoderConfig = cat(new byte[] {4, (byte) (13 + decoderSpecific.length), 0x40, 0x15, 0, 0, 0}, u32(128000),
        u32(128000), decoderSpecific);
    byte[] sl = {6, 1, 2};
    byte[] es = cat(new byte[] {3, (byte) (3 + decoderConfig.length + sl.length), 0, 1, 0}, decoderConfig, sl);
    byte[] esds = box("esds", cat(u32(0), es));
    return box("mp4a", cat(zeros(6), u16(1), zeros(8), u16(2), u16(16), u16(0), u16(0), u32(44100 << 16), esds));
  }

  private static byte[] matrix() throws IOException {
    return cat(u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000));
  }

  static byte[] box(String type, byte[] payload) throws IOException {
    return cat(u32(8 + payload.length), ascii(type), payload);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] zeros(int n) {
    return new byte[n];
  }

  private static byte[] u32(int v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  private static byte[] u16(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  private static byte[] cat(byte[]... parts) throws IOException {
    var out = new ByteArrayOutputStream();
    var d = new DataOutputStream(out);
    for (byte[] p : parts) {
      d.write(p);
    }
    return out.toByteArray();
  }
}
