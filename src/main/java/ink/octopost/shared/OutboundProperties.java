package ink.octopost.shared;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowPrivateNetworks lets outbound calls (media, webhooks, self-hosted instances) reach
 *     loopback and private addresses ({@code OCTOPOST_OUTBOUND_ALLOW_PRIVATE_NETWORKS}); link-local
 *     and cloud metadata addresses stay refused
 * @param allowedAddresses addresses and CIDR ranges outbound calls may reach even though they are
 *     link-local, cloud metadata or private ({@code OCTOPOST_OUTBOUND_ALLOWED_ADDRESSES}, comma
 *     separated): the only way to open a metadata address
 */
@ConfigurationProperties("octopost.outbound")
public record OutboundProperties(boolean allowPrivateNetworks, List<String> allowedAddresses) {

  @ConstructorBinding
  public OutboundProperties(@DefaultValue("false") boolean allowPrivateNetworks, @DefaultValue List<String> allowedAddresses) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.allowedAddresses = allowedAddresses == null ? List.of()
        : allowedAddresses.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String a : this.allowedAddresses) {
      try {
        AddressRules.Range.parse(a);
      } catch (IllegalArgumentException e) {
        throw new StartupException("octopost.outbound.allowed-addresses: " + e.getMessage() + ".",
            "List IP addresses or CIDR ranges, comma separated, e.g. OCTOPOST_OUTBOUND_ALLOWED_ADDRESSES=169.254.169.254/32");
      }
    }
  }

  public OutboundProperties(boolean allowPrivateNetworks) {
    this(allowPrivateNetworks, List.of());
  }

  List<AddressRules.Range> allowedRanges() {
    return allowedAddresses.stream().map(AddressRules.Range::parse).toList();
  }
}
