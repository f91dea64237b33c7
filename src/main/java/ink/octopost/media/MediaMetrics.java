package ink.octopost.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Prometheus meters: {@code octopost_media_files_total{source,outcome}},
 * {@code octopost_media_stored_bytes_total{source}} and {@code octopost_media_fitting_seconds{platform}}.
 */
@Component
class MediaMetrics {

  private final MeterRegistry registry;

  MediaMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void stored(String source, long bytes) {
    files(source, "stored").increment();
    Counter.builder("octopost.media.stored.bytes").description("Bytes of new media stored")
        .baseUnit("bytes").tag("source", source).register(registry).increment(bytes);
  }

  void duplicate(String source) {
    files(source, "duplicate").increment();
  }

  void refused(String source) {
    files(source, "refused").increment();
  }

  void fitted(String platform, Duration took) {
    Timer.builder("octopost.media.fitting").description("Time to fit an image to a network")
        .tag("platform", platform).register(registry).record(took);
  }

  private Counter files(String source, String outcome) {
    return Counter.builder("octopost.media.files").description("Files uploaded or imported, by outcome")
        .tag("source", source).tag("outcome", outcome).register(registry);
  }
}
