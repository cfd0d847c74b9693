// The address guard: decides, for the address a connection is about to be made to, whether a
// verifier may talk to it. Checked on every attempt (see http_engine.cpp), so DNS rebinding or
// a name resolving to an internal address cannot slip past a check made earlier.
#pragma once

#include <optional>
#include <string_view>
#include <sys/socket.h>

namespace vigil::verifiers {

/// What kind of network an address belongs to.
enum class AddressClass {
  public_address,
  unspecified,   ///< 0.0.0.0/8, ::
  loopback,      ///< 127.0.0.0/8, ::1
  private_net,   ///< 10/8, 172.16/12, 192.168/16
  link_local,    ///< 169.254/16, fe80::/10
  cgnat,         ///< 100.64/10
  unique_local,  ///< fc00::/7, fec0::/10 (site-local)
  metadata,      ///< cloud instance metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200, ...)
  multicast,     ///< 224/4, ff00::/8
  reserved,      ///< 240/4, broadcast, 192.0.0/24, benchmarking, documentation, Teredo, NAT64-local
};

/// "public", "loopback", "private", ... for messages.
std::string_view to_string(AddressClass c);

/// Classifies an IPv4 or IPv6 socket address. IPv6 forms that embed an IPv4 address
/// (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are
/// classified by the embedded address. Unknown families classify as reserved.
AddressClass classify_address(const sockaddr* address);

/// Classifies a textual IPv4/IPv6 literal; nullopt when `text` is not one.
std::optional<AddressClass> classify_ip_text(std::string_view text);

/// Whether a verifier may connect to `address`. Only public addresses pass, except loopback
/// when the request goes to an explicitly mapped loopback endpoint (`allow_loopback`).
bool address_allowed(const sockaddr* address, bool allow_loopback);

} // namespace vigil::verifiers
