package ink.octopost.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.publishing.EngineProperties;
import ink.octopost.ratelimit.RateLimitProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every environment variable README.md documents binds as written, and a misspelt one stops
 * start-up. The variables are read from README itself, so a newly documented one that binds to
 * nothing fails here.
 */
@ExtendWith(OutputCaptureExtension.class)
class DocumentedSettingsTest {

  /** Values tried in turn until the variable's setting accepts one that differs from its default. */
  private static final List<String> VALUES = List.of("7", "false", "true", "http://127.0.0.1:7", "PT2S", "P7D", "127.0.0.1/32");

  private static List<Class<?>> settingTypes;
  private static Map<Class<?>, Object> defaults;

  @BeforeAll
  static void readTheSettings() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    settingTypes = scanner.findCandidateComponents("ink.octopost").stream()
        .<Class<?>>map(d -> ClassUtils.resolveClassName(Objects.requireNonNull(d.getBeanClassName()), null))
        .toList();
    defaults = bindAll(Map.of());
  }

  @Test
  void everyVariableReadmeDocuments_changesItsTypedSetting() throws IOException {
    List<String> documented = documentedVariables();
    assertThat(documented).as("README's variables, read from the file")
        .hasSizeGreaterThan(60)
        .contains("OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE", "OCTOPOST_RATE_LIMITS_TIERS_FREE_PUBLISHES_PER_HOUR",
            "OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTODON", "OCTOPOST_ENGINE_NETWORK_CONCURRENCY_TELEGRAM",
            "OCTOPOST_NETWORKS_SLACK_BASE_URL", "OCTOPOST_DATABASE_PASSWORD", "OCTOPOST_NETWORKS_BLUESKY_VIDEO_TIMEOUT",
            "OCTOPOST_ENGINE_BACKOFF_MAX", "OCTOPOST_WEBHOOKS_ENDPOINT_CONCURRENCY");

    var ignored = new ArrayList<String>();
    for (String variable : documented) {
      if (EnvironmentSettings.NOT_SETTINGS.contains(variable)) {
        continue;
      }
      boolean changed = false;
      for (String value : VALUES) {
        Map<Class<?>, Object> bound;
        try {
          bound = bindAll(Map.of(variable, value));
        } catch (RuntimeException refused) {
          continue; // not a value of this setting's type: try the next
        }
        if (!bound.equals(defaults)) {
          changed = true;
          break;
        }
      }
      if (!changed) {
        ignored.add(variable);
      }
    }
    assertThat(ignored).as("documented variables that change no setting").isEmpty();
  }

  @Test
  void theIssuesExamples_bindInARealStart_andOtherToolsVariablesAreAllowed() {
    var env = new LinkedHashMap<String, Object>();
    env.put("OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE", "1234");
    env.put("OCTOPOST_RATE_LIMITS_TIERS_GOLD_REQUESTS_PER_MINUTE", "5");
    env.put("OCTOPOST_RATE_LIMITS_TIERS_GOLD_PUBLISHES_PER_HOUR", "6");
    env.put("OCTOPOST_RATELIMITS_TIERS_STARTER_PUBLISHESPERHOUR", "61"); // Spring's own spelling still binds
    env.put("OCTOPOST_RATE_LIMITS_TIERS_TEAM_PLUS_REQUESTS_PER_MINUTE", "8");
    env.put("OCTOPOST_RATE_LIMITS_TIERS_TEAM_PLUS_PUBLISHES_PER_HOUR", "9");
    env.put("OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTODON", "1");
    env.put("OCTOPOST_ENGINE_NETWORK_CONCURRENCY_TELEGRAM", "3");
    env.put("OCTOPOST_ENGINE_GLOBAL_CONCURRENCY", "77");
    env.put("OCTOPOST_NETWORKS_DISCORD_BASE_URL", "http://127.0.0.1:9/");
    env.put("OCTOPOST_JAVA_OPTS", "-Xmx1g");
    env.put("OCTOPOST_STARTUP_CACHE", "off");
    env.put("OCTOPOST_PDS_CHECK", "/tmp/pds.json");

    try (var context = start(env, "--octopost.engine.max-attempts=9")) {
      var tiers = context.getBean(RateLimitProperties.class).tiers();
      assertThat(tiers.get("pro")).as("the other limit keeps its documented value").isEqualTo(new RateLimitProperties.Tier(1234, 300));
      assertThat(tiers.get("gold")).isEqualTo(new RateLimitProperties.Tier(5, 6));
      assertThat(tiers.get("starter")).isEqualTo(new RateLimitProperties.Tier(300, 61));
      assertThat(tiers.get("team_plus")).as("a key of several words keeps them").isEqualTo(new RateLimitProperties.Tier(8, 9));
      var engine = context.getBean(EngineProperties.class);
      assertThat(engine.accountConcurrency()).isEqualTo(Map.of("mastodon", 1));
      assertThat(engine.networkConcurrency()).isEqualTo(Map.of("telegram", 3));
      assertThat(engine.globalConcurrency()).isEqualTo(77);
      assertThat(engine.maxAttempts()).isEqualTo(9);
      assertThat(context.getBean(NetworksProperties.class).baseUrl(Platform.DISCORD, "https://discord.com/api"))
          .isEqualTo("http://127.0.0.1:9");
    }
  }

  @Test
  void aMisspeltVariable_stopsStartUp_namingItAndTheClosestName(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of("OCTOPOST_RATE_LIMIT_TIERS_PRO_REQUESTS_PER_MINUTE", "5")).close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("OCTOPOST_RATE_LIMIT_TIERS_PRO_REQUESTS_PER_MINUTE is not an Octopost setting"
            + " (did you mean OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE?)");
    assertThat(output).contains("APPLICATION FAILED TO START", "OCTOPOST_RATE_LIMIT_TIERS_PRO_REQUESTS_PER_MINUTE");

    assertThatThrownBy(() -> start(Map.of("OCTOPOST_SECRETKEY_FILE", "/run/secret")).close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("OCTOPOST_SECRETKEY_FILE is not an Octopost setting");
    assertThatThrownBy(() -> start(Map.of("OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTADON", "1")).close())
        .rootCause()
        .hasMessageContaining("'mastadon' in network-concurrency or account-concurrency is not a network");

    // a value of the wrong type is reported against the variable that carried it
    assertThatThrownBy(() -> start(Map.of("OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTODON", "many")).close());
    assertThat(output).contains("System Environment Property \"OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTODON\"");
  }

  @Test
  void aMisspeltArgument_stopsStartUp_andTwoSpellingsOfOneSettingMustAgree() {
    assertThatThrownBy(() -> start(Map.of(), "--octopost.engine.global-concurency=5").close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("--octopost.engine.global-concurency is not an Octopost setting"
            + " (did you mean --octopost.engine.global-concurrency?)");
    assertThatThrownBy(() -> start(Map.of(
            "OCTOPOST_ENGINE_GLOBAL_CONCURRENCY", "5", "OCTOPOST_ENGINE_GLOBALCONCURRENCY", "6")).close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("both set octopost.engine.global-concurrency, to different values");
  }

  /** Every OCTOPOST_* name in README.md, {@code _SUFFIX} shorthands and {@code <NETWORK>}/{@code <TIER>} expanded. */
  static List<String> documentedVariables() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    var names = new TreeSet<String>();
    Matcher full = Pattern.compile("OCTOPOST_(?:[A-Z0-9_]|<[A-Z]+>)+").matcher(readme);
    while (full.find()) {
      if (!full.group().endsWith("_")) { // "OCTOPOST_*" names a family, not a variable
        names.add(full.group());
      }
    }
    // a table cell "`OCTOPOST_A_B_C`, `_D`" documents OCTOPOST_A_B_D: a shorthand replaces as many words as it has
    for (String line : readme.lines().filter(l -> l.startsWith("| `OCTOPOST_")).toList()) {
      List<String> spans = new ArrayList<>();
      Matcher code = Pattern.compile("`([^`]*)`").matcher(line.split("\\|")[1]);
      while (code.find()) {
        spans.add(code.group(1));
      }
      String first = spans.getFirst();
      for (String span : spans.subList(1, spans.size())) {
        String suffix = span.replaceFirst("^\\.\\.\\.", "");
        if (suffix.startsWith("_")) {
          String[] words = first.split("_");
          int replaced = suffix.substring(1).split("_").length;
          names.add(String.join("_", Arrays.copyOf(words, words.length - replaced)) + suffix);
        }
      }
    }
    var expanded = new ArrayList<String>();
    for (String name : names) {
      for (Platform platform : name.contains("<NETWORK>") ? Platform.values() : new Platform[] {null}) {
        for (String tier : name.contains("<TIER>") ? List.of("FREE", "STARTER", "PRO") : Arrays.asList((String) null)) {
          String n = name;
          if (platform != null) {
            n = n.replace("<NETWORK>", platform.id().toUpperCase(java.util.Locale.ROOT));
          }
          if (tier != null) {
            n = n.replace("<TIER>", tier);
          }
          assertThat(n).as("a placeholder this test does not know").doesNotContain("<");
          expanded.add(n);
        }
      }
    }
    return expanded;
  }

  /** What every settings class binds to with only these environment variables, as the server does. */
  private static Map<Class<?>, Object> bindAll(Map<String, Object> variables) {
    var environment = environment(variables);
    EnvironmentSettings.apply(environment, () -> settingTypes);
    var binder = Binder.get(environment);
    var bound = new HashMap<Class<?>, Object>();
    for (Class<?> type : settingTypes) {
      var annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class);
      String prefix = annotation.getString("prefix").isEmpty() ? annotation.getString("value") : annotation.getString("prefix");
      bound.put(type, binder.bindOrCreate(prefix, type));
    }
    return bound;
  }

  private static StandardEnvironment environment(Map<String, Object> variables) {
    var environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return environment;
  }

  /** Only the settings beans, bound by Spring Boot itself from this environment and these arguments. */
  private static ConfigurableApplicationContext start(Map<String, Object> variables, String... args) {
    return new SpringApplicationBuilder(SettingsOnly.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .environment(environment(variables))
        .run(args);
  }

  @Configuration(proxyBeanMethods = false)
  @ConfigurationPropertiesScan("ink.octopost")
  static class SettingsOnly {}
}
