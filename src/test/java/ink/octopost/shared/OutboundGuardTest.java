package ink.octopost.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Cloud metadata stays out of reach in both modes. No packet leaves the machine: literal
 * destinations must be refused without any lookup (the resolver fails the test if asked), names
 * are looked up only through a resolver the test provides, and where a request could be sent
 * the name is {@code localhost}, so a broken guard would reach the loopback receiver here.
 */
class OutboundGuardTest {

  /** Fails the test if anything is looked up. */
  private static final HostResolver NO_LOOKUP = host -> {
    throw new AssertionError("looked up " + host);
  };

  private HttpServer receiver;
  private final AtomicInteger received = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      received.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private static OutboundHttp guard(boolean allowPrivate, HostResolver resolver, String... allowed) {
    return new OutboundHttp(new OutboundProperties(allowPrivate, List.of(allowed)), resolver);
  }

  private static HostResolver mapping(String name, String... addresses) {
    return host -> {
      if (!host.equalsIgnoreCase(name)) {
        throw new UnknownHostException(host);
      }
      var out = new InetAddress[addresses.length];
      for (int i = 0; i < addresses.length; i++) {
        // Literals only: getByName never looks a literal up.
        out[i] = InetAddress.getByName(addresses[i].contains(":") ? "[" + addresses[i] + "]" : addresses[i]);
      }
      return out;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "http://169.254.170.2/v2/credentials",
      "http://169.254.1.1:8080/",
      "http://169.254.169.254./",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[fd20:ce::254]/computeMetadata/v1/",
      "http://100.100.100.200/latest/meta-data/",
      "http://168.63.129.16/machine",
      "http://0xa9fea9fe/",
      "http://0XA9FEA9FE/",
      "http://2852039166/",
      "http://0251.0376.0251.0376/",
      "http://0xa9.0xfe.0xa9.0xfe/",
      "http://169.254.43518/",
      "http://169.16689662/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[::169.254.169.254]/",
      "http://[::ffff:0:a9fe:a9fe]/",
      "http://[64:ff9b::169.254.169.254]/",
      "http://[2002:a9fe:a9fe::1]/",
      "http://[2001:0:1:1::5601:5601]/",
      "http://[fe80::1]/",
      "http://[febf:ffff::1]/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.Google.Internal./",
      "http://metadata/computeMetadata/v1/",
      "http://metadata.goog/",
      "http://instance-data/latest/meta-data/",
      "http://instance-data.ec2.internal/"})
  void metadataDestinations_areRefusedInBothModes_withoutALookup(String url) {
    for (boolean allowPrivate : new boolean[] {false, true}) {
      var guard = guard(allowPrivate, NO_LOOKUP);
      assertThat(guard.problem(url)).as("%s, private networks allowed: %s", url, allowPrivate).isNotNull();
      assertThatThrownBy(() -> guard.check(URI.create(url)))
          .as("%s, private networks allowed: %s", url, allowPrivate)
          .isInstanceOf(OutboundHttp.Blocked.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "::ffff:169.254.169.254",
      "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "fe80::1%1", "100.100.100.200"})
  void aNameThatResolvesToMetadata_isRefusedInBothModes(String address) {
    for (boolean allowPrivate : new boolean[] {false, true}) {
      var guard = guard(allowPrivate, mapping("hooks.example.test", "93.184.215.14", address));
      assertThat(guard.problem("https://hooks.example.test/in")).as("the name alone says nothing").isNull();
      assertThatThrownBy(() -> guard.check(URI.create("https://hooks.example.test/in")))
          .as("%s, private networks allowed: %s", address, allowPrivate)
          .isInstanceOf(OutboundHttp.Blocked.class)
          .hasMessageContaining("resolves to a link-local or cloud metadata address");
    }
  }

  @Test
  void send_refusesBeforeConnecting_whenTheNameResolvesToMetadata() {
    // localhost would reach the receiver if the guard let it through; the resolver says metadata.
    var guard = guard(true, mapping("localhost", "169.254.169.254"));
    String url = "http://localhost:" + receiver.getAddress().getPort() + "/latest/meta-data/";
    assertThatThrownBy(() -> guard.send(OutboundHttp.request(URI.create(url)).GET().build()))
        .isInstanceOf(OutboundHttp.Blocked.class);
    assertThat(received).as("requests that reached the receiver").hasValue(0);

    var open = guard(true, mapping("localhost", "127.0.0.1"));
    assertThatCode(() -> open.send(OutboundHttp.request(URI.create(url)).GET().build())).doesNotThrowAnyException();
    assertThat(received).as("the same request, resolved to loopback, is sent").hasValue(1);
  }

  @Test
  void mediaFetch_isRefused_notRetried_whenTheNameResolvesToMetadata() {
    var source = TestMediaSources.fetching(guard(true, mapping("localhost", "fd00:ec2::254")));
    String url = "http://localhost:" + receiver.getAddress().getPort() + "/cat.png";
    var rules = new MediaRules(1, 1024, Set.of(), 0, 0, Set.of(), false, MediaRules.Required.NOTHING, 0);
    assertThatThrownBy(() -> source.image(new PostContent.Image(url, null), Platform.BLUESKY, rules))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> // permanent: never retried
            assertThat(e.getMessage()).contains("refused").contains("link-local or cloud metadata"));
    assertThat(received).hasValue(0);
  }

  @Test
  void theAllowList_opensWhatItListsAndNothingElse() throws Exception {
    var guard = guard(true, mapping("metadata.google.internal", "169.254.169.254"), "169.254.169.254/32");
    assertThatCode(() -> guard.check(URI.create("http://169.254.169.254/computeMetadata/v1/"))).doesNotThrowAnyException();
    assertThatCode(() -> guard.check(URI.create("http://metadata.google.internal/"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.check(URI.create("http://169.254.170.2/"))).isInstanceOf(OutboundHttp.Blocked.class);
    assertThatThrownBy(() -> guard.check(URI.create("http://[fd00:ec2::254]/"))).isInstanceOf(OutboundHttp.Blocked.class);

    var elsewhere = guard(true, mapping("metadata.google.internal", "169.254.170.2"), "169.254.169.254/32");
    assertThatThrownBy(() -> elsewhere.check(URI.create("http://metadata.google.internal/")))
        .isInstanceOf(OutboundHttp.Blocked.class);

    var strict = guard(false, NO_LOOKUP, "10.1.2.0/24", "fd00:ec2::254");
    assertThatCode(() -> strict.check(URI.create("http://10.1.2.3/"))).doesNotThrowAnyException();
    assertThatCode(() -> strict.check(URI.create("http://[fd00:ec2::254]/"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> strict.check(URI.create("http://10.1.3.1/"))).isInstanceOf(OutboundHttp.Blocked.class);
  }

  @Test
  void privateNetworks_inAnySpelling_areRefusedUnlessAllowed() {
    for (String url : List.of("http://10.0.0.1/", "http://127.0.0.1/", "http://0x7f000001/", "http://2130706433/",
        "http://017700000001/",
        "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::10.0.0.1]/", "http://localhost/", "http://[fc00::1]/")) {
      assertThatThrownBy(() -> guard(false, NO_LOOKUP).check(URI.create(url))).as(url)
          .isInstanceOf(OutboundHttp.Blocked.class);
      assertThat(guard(true, NO_LOOKUP).problem(url)).as(url).isNull();
    }
    // Dotted inet_aton forms are no host to java.net.URI (nor to the HTTP client): refused as such.
    assertThat(guard(true, NO_LOOKUP).problem("http://0x7f.1/")).isEqualTo("must have a host");
    var resolvesPrivate = mapping("lan.example.test", "192.168.1.20");
    assertThatThrownBy(() -> guard(false, resolvesPrivate).check(URI.create("https://lan.example.test/")))
        .hasMessageContaining("resolves to a private or loopback address");
    assertThatCode(() -> guard(true, resolvesPrivate).check(URI.create("https://lan.example.test/")))
        .doesNotThrowAnyException();
    var resolvesPublic = mapping("example.test", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    assertThatCode(() -> guard(false, resolvesPublic).check(URI.create("https://example.test/"))).doesNotThrowAnyException();
  }

  @Test
  void theSettings_bindFromACommaSeparatedList_andDefaultToNothingAllowed() {
    var bound = new Binder(new MapConfigurationPropertySource(Map.of(
            "octopost.outbound.allow-private-networks", "true",
            "octopost.outbound.allowed-addresses", "169.254.169.254/32, fd00:ec2::254")))
        .bind("octopost.outbound", OutboundProperties.class).get();
    assertThat(bound.allowPrivateNetworks()).isTrue();
    assertThat(bound.allowedAddresses()).containsExactly("169.254.169.254/32", "fd00:ec2::254");
    var defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("octopost.outbound", OutboundProperties.class);
    assertThat(defaults.allowPrivateNetworks()).isFalse();
    assertThat(defaults.allowedAddresses()).isEmpty();
  }

  @Test
  void anAllowListThatIsNotAddresses_stopsTheStart() {
    for (String bad : List.of("metadata.google.internal", "10.0.0.0/33", "169.254.169.254/x", "0xa9fea9fe")) {
      assertThatThrownBy(() -> new OutboundProperties(true, List.of(bad))).as(bad)
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("octopost.outbound.allowed-addresses");
    }
    assertThat(new OutboundProperties(true, List.of(" 169.254.169.254/32 ", "")).allowedAddresses())
        .containsExactly("169.254.169.254/32");
  }
}
