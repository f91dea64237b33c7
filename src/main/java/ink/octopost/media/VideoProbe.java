package ink.octopost.media;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mp4parser.PropertyBoxParserImpl;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.sampleentry.AbstractSampleEntry;
import org.mp4parser.support.Matrix;

/**
 * Duration, size, frame rate and codecs of an MP4 or QuickTime video, read from its index (the
 * {@code moov} box) with isoparser over the file's channel: the media data is seeked over, never
 * read. Before isoparser sees the index, one pass checks that every box fits in its parent (a
 * hostile file cannot make the parser allocate what a box merely claims) and that the file is not
 * cut short.
 */
final class VideoProbe {

  /** An index larger than this is refused; a two-hour video's is a few megabytes. */
  static final long MAX_INDEX = 64L << 20;

  private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "dinf", "edts", "mvex",
      "tref");
  private static final Set<String> VISUAL = Set.of("avc1", "avc2", "avc3", "avc4", "hvc1", "hev1", "dvh1", "dvhe", "vp08",
      "vp09", "av01", "mp4v", "encv", "s263", "mjp2", "jpeg", "apcn", "apch", "apcs", "apco", "ap4h");
  private static final Set<String> AUDIO = Set.of("mp4a", "ac-3", "ec-3", "Opus", "fLaC", "alac", "samr", "sawb", "enca",
      "twos", "sowt", "lpcm", "in24", "in32", "fl32", ".mp3", "ulaw", "alaw");
  private static final Map<String, String> CODECS = Map.ofEntries(Map.entry("avc1", "h264"), Map.entry("avc2", "h264"),
      Map.entry("avc3", "h264"), Map.entry("avc4", "h264"), Map.entry("hvc1", "hevc"), Map.entry("hev1", "hevc"),
      Map.entry("dvh1", "hevc"), Map.entry("dvhe", "hevc"), Map.entry("vp08", "vp8"), Map.entry("vp09", "vp9"),
      Map.entry("av01", "av1"), Map.entry("mp4v", "mpeg4"), Map.entry("apcn", "prores"), Map.entry("apch", "prores"),
      Map.entry("apcs", "prores"), Map.entry("apco", "prores"), Map.entry("ap4h", "prores"), Map.entry("mp4a", "aac"),
      Map.entry("ac-3", "ac3"), Map.entry("ec-3", "eac3"), Map.entry("Opus", "opus"), Map.entry("fLaC", "flac"),
      Map.entry("alac", "alac"), Map.entry("samr", "amr"), Map.entry("sawb", "amr-wb"), Map.entry(".mp3", "mp3"),
      Map.entry("twos", "pcm"), Map.entry("sowt", "pcm"), Map.entry("lpcm", "pcm"), Map.entry("in24", "pcm"),
      Map.entry("in32", "pcm"), Map.entry("fl32", "pcm"), Map.entry("ulaw", "pcm"), Map.entry("alaw", "pcm"),
      Map.entry("encv", "encrypted"), Map.entry("enca", "encrypted"));

  private VideoProbe() {}

  static MediaProbe.Probe mp4(Path file, String mime) throws MediaRefused, IOException {
    long size = Files.size(file);
    long moovAt = -1;
    long moovSize = 0;
    try (var w = new ByteWalker(Files.newInputStream(file))) {
      while (w.position() < size) {
        long at = w.position();
        long box = w.u32be();
        String type = new String(w.bytes(4), StandardCharsets.ISO_8859_1);
        long header = 8;
        if (box == 1) {
          box = w.u32be() << 32 | w.u32be();
          header = 16;
        } else if (box == 0) {
          box = size - at;
        }
        if (box < header) {
          throw corrupt("a box at byte " + at + " has an impossible size");
        }
        if (at + box > size) {
          throw corrupt("it ends before the video does (a truncated upload or download?)");
        }
        if (type.equals("moov")) {
          moovAt = at;
          moovSize = box;
          if (box > MAX_INDEX) {
            throw corrupt("its index is larger than " + (MAX_INDEX >> 20) + " MB");
          }
          validate(w, at + box, "moov", 0);
        } else {
          w.skip(box - header);
        }
      }
    } catch (EOFException e) {
      throw corrupt("it ends before the video does (a truncated upload or download?)");
    }
    if (moovAt < 0) {
      throw corrupt("it has no index (moov box), as when a recording was interrupted or the upload cut short");
    }
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(moovAt);
      var parser = new PropertyBoxParserImpl().skippingBoxes("mdat", "free", "skip", "wide", "udta", "meta", "uuid",
          "stsz", "stz2", "stco", "co64", "stss", "stsc", "ctts", "sdtp", "sgpd", "sbgp", "stps", "subs", "edts");
      var parsed = parser.parseBox(channel, null);
      if (!(parsed instanceof MovieBox moov)) {
        throw corrupt("its index could not be read");
      }
      return describe(moov, mime);
    } catch (RuntimeException e) {
      throw corrupt("its index could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static MediaProbe.Probe describe(MovieBox moov, String mime) throws MediaRefused {
    var mvhd = moov.getMovieHeaderBox();
    Double duration = null;
    if (mvhd != null && mvhd.getTimescale() > 0 && mvhd.getDuration() > 0) {
      duration = round(mvhd.getDuration() / (double) mvhd.getTimescale());
    }
    Integer width = null;
    Integer height = null;
    Double fps = null;
    String video = null;
    String audio = null;
    for (TrackBox trak : moov.getBoxes(TrackBox.class)) {
      var mdia = trak.getMediaBox();
      if (mdia == null || mdia.getHandlerBox() == null) {
        continue;
      }
      String handler = mdia.getHandlerBox().getHandlerType();
      var stbl = trak.getSampleTableBox();
      AbstractSampleEntry entry = stbl == null || stbl.getSampleDescriptionBox() == null ? null
          : stbl.getSampleDescriptionBox().getSampleEntry();
      String codec = entry == null ? null : CODECS.getOrDefault(entry.getType(), entry.getType().strip().toLowerCase(Locale.ROOT));
      if ("vide".equals(handler) && video == null) {
        video = codec;
        var tkhd = trak.getTrackHeaderBox();
        int w = tkhd == null ? 0 : (int) Math.round(tkhd.getWidth());
        int h = tkhd == null ? 0 : (int) Math.round(tkhd.getHeight());
        if ((w == 0 || h == 0) && entry instanceof org.mp4parser.boxes.sampleentry.VisualSampleEntry v) {
          w = v.getWidth();
          h = v.getHeight();
        }
        boolean quarter = tkhd != null && (Matrix.ROTATE_90.equals(tkhd.getMatrix()) || Matrix.ROTATE_270.equals(tkhd.getMatrix()));
        width = quarter ? h : w;
        height = quarter ? w : h;
        var mdhd = mdia.getMediaHeaderBox();
        var stts = stbl == null ? null : stbl.getTimeToSampleBox();
        if (mdhd != null && mdhd.getTimescale() > 0 && mdhd.getDuration() > 0 && stts != null) {
          long frames = 0;
          for (TimeToSampleBox.Entry e : stts.getEntries()) {
            frames += e.getCount();
          }
          fps = round(frames * (double) mdhd.getTimescale() / mdhd.getDuration());
          if (duration == null) {
            duration = round(mdhd.getDuration() / (double) mdhd.getTimescale());
          }
        }
      } else if ("soun".equals(handler) && audio == null) {
        audio = codec;
      }
    }
    if (video == null) {
      throw new MediaRefused("unsupported_type", "This " + (mime.equals("video/quicktime") ? "QuickTime" : "MP4")
          + " file has no video track" + (audio != null ? " (it is audio only)" : "") + ". " + MediaProbe.SUPPORTED);
    }
    return new MediaProbe.Probe(mime, "video", width, height, duration, fps, video, audio);
  }

  /** Checks that each box in [position, end) fits its parent, descending into the boxes isoparser parses as containers. */
  private static void validate(ByteWalker w, long end, String parent, int depth) throws IOException, MediaRefused {
    if (depth > 12) {
      throw corrupt("its index nests too deep");
    }
    while (w.position() < end) {
      long at = w.position();
      if (end - at < 8) {
        throw corrupt("a box in its index is cut short");
      }
      long box = w.u32be();
      String type = new String(w.bytes(4), StandardCharsets.ISO_8859_1);
      long header = 8;
      if (box == 1) {
        box = w.u32be() << 32 | w.u32be();
        header = 16;
      } else if (box == 0) {
        box = end - at;
      }
      if (box < header || at + box > end) {
        throw corrupt("a box in its index (" + type.strip() + ") claims more than its parent holds");
      }
      long boxEnd = at + box;
      if (CONTAINERS.contains(type)) {
        validate(w, boxEnd, type, depth + 1);
      } else if (type.equals("stsd") && box >= header + 8) {
        w.skip(8);
        validate(w, boxEnd, type, depth + 1);
      } else if (parent.equals("stsd") && VISUAL.contains(type) && box >= header + 78) {
        w.skip(78);
        validate(w, boxEnd, type, depth + 1);
      } else if (parent.equals("stsd") && AUDIO.contains(type) && box >= header + 28) {
        w.skip(8);
        int version = w.u16be();
        long fixed = version == 1 ? 44 : version == 2 ? 64 : 28;
        if (box < header + fixed) {
          throw corrupt("an audio description in its index is cut short");
        }
        w.skip(fixed - 10);
        validate(w, boxEnd, type, depth + 1);
      } else if (type.equals("stts") && box >= header + 8) {
        w.skip(4);
        long entries = w.u32be();
        if (entries * 8 > box - header - 8) {
          throw corrupt("its frame timing table claims more entries than it holds");
        }
        w.skip(box - header - 8);
      } else {
        w.skip(box - header);
      }
      if (w.position() != boxEnd) {
        w.skip(boxEnd - w.position());
      }
    }
  }

  /** WebM: the codec names from the track entries near the start (no duration: probing WebM fully is not done). */
  static MediaProbe.Probe webm(Path file) throws IOException {
    byte[] head;
    try (var in = Files.newInputStream(file)) {
      head = in.readNBytes(64 * 1024);
    }
    String s = new String(head, StandardCharsets.ISO_8859_1);
    String video = s.contains("V_VP9") ? "vp9" : s.contains("V_VP8") ? "vp8" : s.contains("V_AV1") ? "av1" : null;
    String audio = s.contains("A_OPUS") ? "opus" : s.contains("A_VORBIS") ? "vorbis" : null;
    return new MediaProbe.Probe("video/webm", "video", null, null, null, null, video, audio);
  }

  private static Double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static MediaRefused corrupt(String why) {
    return new MediaRefused("corrupt", "The video is damaged: " + why + ". Export or download it again.");
  }
}
