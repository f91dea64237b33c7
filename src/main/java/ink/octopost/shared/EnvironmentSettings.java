package ink.octopost.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Makes every {@code OCTOPOST_*} environment variable bind by the name the documentation gives
 * it, and stops start-up on one that binds to nothing.
 *
 * <p>Spring's relaxed binding reads {@code OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE} as
 * {@code octopost.rate.limits...}, which no map-keyed setting (rate-limit tiers, per-network engine
 * limits) ever sees, so the value was dropped without a word. Here each variable is resolved against
 * the typed settings themselves ({@link SettingNames}) and added under its canonical property name,
 * with the precedence of an environment variable. A variable or an {@code --octopost.*} argument that
 * names no setting is a typo: start-up fails naming it, and the closest real name.
 *
 * <p>It runs once the context has registered its {@code @ConfigurationProperties} beans and before
 * any is bound: the settings are read from those definitions, so no second class-path scan is paid
 * at start-up.
 */
final class EnvironmentSettings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final String BASE_PACKAGE =
      EnvironmentSettings.class.getPackageName().substring(0, EnvironmentSettings.class.getPackageName().lastIndexOf('.'));

  static final String SOURCE_NAME = "octopostEnvironmentVariables";

  /** {@code OCTOPOST_*} variables read by something other than the server: the launcher and the tests. */
  static final Set<String> NOT_SETTINGS = Set.of(
      "OCTOPOST_JAVA_OPTS", // ./octopost run: JVM options
      "OCTOPOST_STARTUP_CACHE", // ./octopost run: off starts without the AOT cache or CDS archive
      "OCTOPOST_PDS_CHECK", // ReferencePdsCheckTest: the reference PDS to check against
      "OCTOPOST_PDS_CHECK_DIR"); // scripts/check-bluesky-pds.sh: where the PDS is installed

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    context.addBeanFactoryPostProcessor(beanFactory -> apply(environment, () -> settingTypes(beanFactory)));
  }

  /** The types of the {@code @ConfigurationProperties} beans the context will bind. */
  private static List<Class<?>> settingTypes(ConfigurableListableBeanFactory beanFactory) {
    var types = new ArrayList<Class<?>>();
    for (String name : beanFactory.getBeanDefinitionNames()) {
      if (beanFactory.getMergedBeanDefinition(name) instanceof AbstractBeanDefinition definition && definition.hasBeanClass()
          && MergedAnnotations.from(definition.getBeanClass()).isPresent(ConfigurationProperties.class)) {
        types.add(definition.getBeanClass());
      }
    }
    return types;
  }

  static void apply(ConfigurableEnvironment environment, Supplier<List<Class<?>>> settingTypes) {
    var sources = environment.getPropertySources();
    Map<String, Object> variables = new TreeMap<>();
    if (sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) instanceof EnumerablePropertySource<?> env) {
      for (String name : env.getPropertyNames()) {
        if (name.regionMatches(true, 0, "OCTOPOST_", 0, "OCTOPOST_".length()) && !NOT_SETTINGS.contains(name)) {
          variables.put(name, env.getProperty(name));
        }
      }
    }
    List<String> arguments = new ArrayList<>();
    if (sources.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME) instanceof EnumerablePropertySource<?> args) {
      Arrays.stream(args.getPropertyNames())
          .filter(n -> n.toLowerCase(Locale.ROOT).startsWith(SettingNames.ROOT + ".") || n.equalsIgnoreCase(SettingNames.ROOT))
          .forEach(arguments::add);
    }
    if (variables.isEmpty() && arguments.isEmpty()) {
      return;
    }
    SettingNames names = SettingNames.of(settingTypes.get(), BASE_PACKAGE);
    var problems = new ArrayList<String>();
    var translated = new LinkedHashMap<String, Object>();
    var variableOf = new LinkedHashMap<String, String>();
    variables.forEach((variable, value) -> {
      var resolutions = names.resolveVariable(variable);
      if (resolutions.isEmpty()) {
        problems.add(variable + " is not an Octopost setting"
            + names.closest(variable, SettingNames::variable, "<KEY>").map(s -> " (did you mean " + s.name() + "?)").orElse(""));
      } else if (resolutions.size() > 1) {
        problems.add(variable + " could mean any of "
            + resolutions.stream().map(SettingNames.Resolution::property).toList() + "; set it with --<property>=... instead");
      } else {
        String property = resolutions.getFirst().property();
        String earlier = variableOf.putIfAbsent(property, variable);
        if (earlier == null) {
          translated.put(property, value);
        } else if (!String.valueOf(translated.get(property)).equals(String.valueOf(value))) {
          problems.add(earlier + " and " + variable + " both set " + property + ", to different values");
        }
      }
    });
    for (String argument : arguments) {
      if (!names.bindsProperty(argument)) {
        problems.add("--" + argument + " is not an Octopost setting"
            + names.closest(argument, SettingNames::property, "<key>").map(s -> " (did you mean --" + s.name() + "?)").orElse(""));
      }
    }
    if (!problems.isEmpty()) {
      throw new StartupException(
          (problems.size() == 1 ? "" : problems.size() + " problems with the Octopost settings:\n  ") + String.join("\n  ", problems) + ".",
          "Fix or remove " + (problems.size() == 1 ? "it" : "them")
              + ": a misspelt setting would otherwise be ignored. The settings are listed in README.md (Configuration) and in the"
              + " *Properties classes; " + String.join(", ", new TreeSet<>(NOT_SETTINGS))
              + " are read by the launcher and the tests, not the server.");
    }
    PropertySource<?> source = new TranslatedVariables(translated, variableOf);
    if (sources.contains(SOURCE_NAME)) {
      sources.replace(SOURCE_NAME, source);
    } else if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
      sources.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    } else {
      sources.addLast(source);
    }
  }

  /** The variables under their canonical names; a binding error still names the variable. */
  private static final class TranslatedVariables extends MapPropertySource implements OriginLookup<String> {

    private final Map<String, String> variableOf;

    TranslatedVariables(Map<String, Object> properties, Map<String, String> variableOf) {
      super(SOURCE_NAME, properties);
      this.variableOf = variableOf;
    }

    @Override
    public Origin getOrigin(String key) {
      String variable = variableOf.get(key);
      return variable == null ? null : new SystemEnvironmentOrigin(variable);
    }
  }
}
