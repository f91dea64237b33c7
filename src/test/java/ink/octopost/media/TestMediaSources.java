package ink.octopost.media;

import ink.octopost.networks.MediaSource;
import ink.octopost.shared.OutboundHttp;

/** The media sources connector tests build their connectors with (the real classes are package-private). */
public final class TestMediaSources {

  private TestMediaSources() {}

  /** The interim source: each media URL fetched into a temporary file through {@code http}. */
  public static MediaSource fetching(OutboundHttp http) {
    return new FetchingMediaSource(http);
  }
}
