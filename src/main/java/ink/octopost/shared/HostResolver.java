package ink.octopost.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks up the addresses of a host name for the outbound guard. The system resolver in
 * production: the JDK caches its answers (30 s by default), so the connection made right after the
 * check goes to the address the check saw. Tests provide their own, so that a name can map to a
 * metadata address without a DNS server or a packet leaving the machine.
 */
@FunctionalInterface
public interface HostResolver {

  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
