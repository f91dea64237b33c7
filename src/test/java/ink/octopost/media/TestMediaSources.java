package ink.octopost.media;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.shared.OutboundHttp;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/** The media sources connector tests build their connectors with (the real classes are package-private). */
public final class TestMediaSources {

  private TestMediaSources() {}

  /** The interim source: each media URL fetched into a temporary file through {@code http}. */
  public static MediaSource fetching(OutboundHttp http) {
    return new FetchingMediaSource(http);
  }

  /**
   * {@code source}, but its files refuse to be held whole: {@link MediaFile#bytes()} fails the test,
   * and so does reading one of their streams whole ({@code readAllBytes}, or {@code readNBytes}
   * of more than {@link Streaming#MAX_READ}). {@code streamed} counts the bytes read from them.
   */
  public static MediaSource streamingOnly(MediaSource source, AtomicLong streamed) {
    return streamingOnly(source, streamed, () -> { });
  }

  /** As {@link #streamingOnly(MediaSource, AtomicLong)}, calling {@code afterRead} after each read from a file. */
  public static MediaSource streamingOnly(MediaSource source, AtomicLong streamed, Runnable afterRead) {
    return new MediaSource() {
      @Override
      public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Streaming(source.image(image, platform, rules), streamed, afterRead);
      }

      @Override
      public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Streaming(source.video(video, platform, rules), streamed, afterRead);
      }
    };
  }

  /** A file that may only be streamed. */
  public static final class Streaming implements MediaFile {
    /** The most one read may ask for: more than a header, less than any file worth streaming. */
    public static final int MAX_READ = 8 * 1024 * 1024;

    private final MediaFile file;
    private final AtomicLong streamed;
    private final Runnable afterRead;

    Streaming(MediaFile file, AtomicLong streamed, Runnable afterRead) {
      this.file = file;
      this.streamed = streamed;
      this.afterRead = afterRead;
    }

    @Override
    public byte[] bytes() {
      throw new AssertionError("the connector asked for all " + file.size() + " bytes of " + file.fileName()
          + " in memory instead of streaming them");
    }

    @Override
    public InputStream open() throws IOException {
      return guard(file.open());
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      return guard(file.open(offset, length));
    }

    private InputStream guard(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            streamed.incrementAndGet();
            afterRead.run();
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            streamed.addAndGet(n);
            afterRead.run();
          }
          return n;
        }

        @Override
        public byte[] readAllBytes() {
          throw new AssertionError("the connector read a whole media stream into memory");
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
          if (len > MAX_READ) {
            throw new AssertionError("the connector read " + len + " bytes of a media stream into memory at once");
          }
          return super.readNBytes(len);
        }
      };
    }

    @Override
    public String mimeType() {
      return file.mimeType();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public String fileName() {
      return file.fileName();
    }

    @Override
    public Integer width() {
      return file.width();
    }

    @Override
    public Integer height() {
      return file.height();
    }

    @Override
    public Double durationSeconds() {
      return file.durationSeconds();
    }

    @Override
    public URI publicUrl() {
      return file.publicUrl();
    }
  }

  /**
   * {@code source}, each file's public URL being the URL the post named (on the test's MediaServer),
   * as the media library's signed link would be: a fake network that pulls media (Meta, TikTok)
   * fetches it from there.
   */
  public static MediaSource pulled(MediaSource source) {
    return pulled(source, null);
  }

  /** As {@link #pulled(MediaSource)}, videos saying they last {@code videoSeconds} (null: as probed). */
  public static MediaSource pulled(MediaSource source, Double videoSeconds) {
    return new MediaSource() {
      @Override
      public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Pulled(source.image(image, platform, rules), URI.create(image.url()), null);
      }

      @Override
      public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Pulled(source.video(video, platform, rules), URI.create(video.url()), videoSeconds);
      }
    };
  }

  private record Pulled(MediaFile file, URI publicUrl, Double seconds) implements MediaFile {
    @Override
    public String mimeType() {
      return file.mimeType();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public String fileName() {
      return file.fileName();
    }

    @Override
    public Integer width() {
      return file.width();
    }

    @Override
    public Integer height() {
      return file.height();
    }

    @Override
    public Double durationSeconds() {
      return seconds != null ? seconds : file.durationSeconds();
    }

    @Override
    public InputStream open() throws IOException {
      return file.open();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      return file.open(offset, length);
    }
  }
}
