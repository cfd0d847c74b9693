// Address classification for the guard (see address_guard.hpp). Pure functions on bytes, so the
// whole matrix is testable without a network.
#include "vigil/verifiers/address_guard.hpp"

#include <arpa/inet.h>
#include <cstdint>
#include <cstring>
#include <netinet/in.h>
#include <string>

namespace vigil::verifiers {
namespace {

bool in_v4(std::uint32_t a, std::uint32_t net, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

AddressClass classify_v4(std::uint32_t a) {
  // Metadata first: some metadata addresses sit inside wider classes or in public space.
  if (a == v4(169, 254, 169, 254) || a == v4(169, 254, 170, 2) || a == v4(100, 100, 100, 200) ||
      a == v4(168, 63, 129, 16) || a == v4(192, 0, 0, 192))
    return AddressClass::metadata;
  if (in_v4(a, v4(0, 0, 0, 0), 8)) return AddressClass::unspecified;
  if (in_v4(a, v4(127, 0, 0, 0), 8)) return AddressClass::loopback;
  if (in_v4(a, v4(10, 0, 0, 0), 8) || in_v4(a, v4(172, 16, 0, 0), 12) ||
      in_v4(a, v4(192, 168, 0, 0), 16))
    return AddressClass::private_net;
  if (in_v4(a, v4(169, 254, 0, 0), 16)) return AddressClass::link_local;
  if (in_v4(a, v4(100, 64, 0, 0), 10)) return AddressClass::cgnat;
  if (in_v4(a, v4(224, 0, 0, 0), 4)) return AddressClass::multicast;
  if (in_v4(a, v4(240, 0, 0, 0), 4) || in_v4(a, v4(192, 0, 0, 0), 24) ||
      in_v4(a, v4(192, 0, 2, 0), 24) || in_v4(a, v4(198, 18, 0, 0), 15) ||
      in_v4(a, v4(198, 51, 100, 0), 24) || in_v4(a, v4(203, 0, 113, 0), 24) ||
      in_v4(a, v4(192, 88, 99, 0), 24))
    return AddressClass::reserved;
  return AddressClass::public_address;
}

std::uint32_t load_v4(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

bool all_zero(const unsigned char* p, int n) {
  for (int i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

AddressClass classify_v6(const unsigned char* b) {
  static const unsigned char metadata_aws[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0,
                                                 0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (std::memcmp(b, metadata_aws, 16) == 0) return AddressClass::metadata;
  if (all_zero(b, 15) && b[15] == 0) return AddressClass::unspecified;
  if (all_zero(b, 15) && b[15] == 1) return AddressClass::loopback;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (translated).
  if (all_zero(b, 10) && b[10] == 0xff && b[11] == 0xff) return classify_v4(load_v4(b + 12));
  if (all_zero(b, 12)) return classify_v4(load_v4(b + 12));
  if (all_zero(b, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
    return classify_v4(load_v4(b + 12));
  // NAT64 well-known prefix 64:ff9b::/96 embeds the IPv4 target; 64:ff9b:1::/48 is local-use.
  static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, nat64, 12) == 0) return classify_v4(load_v4(b + 12));
  if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1)
    return AddressClass::reserved;
  if (b[0] == 0x20 && b[1] == 0x02) return classify_v4(load_v4(b + 2)); // 6to4
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return AddressClass::reserved; // Teredo
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::reserved;
  if (b[0] == 0x01 && b[1] == 0 && all_zero(b + 2, 6)) return AddressClass::reserved; // discard
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::unique_local;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::unique_local; // site-local
  if (b[0] == 0xff) return AddressClass::multicast;
  // Only global unicast (2000::/3) is public; everything else is unassigned or special.
  if ((b[0] & 0xe0) != 0x20) return AddressClass::reserved;
  return AddressClass::public_address;
}

} // namespace

std::string_view to_string(AddressClass c) {
  switch (c) {
  case AddressClass::public_address: return "public";
  case AddressClass::unspecified: return "unspecified";
  case AddressClass::loopback: return "loopback";
  case AddressClass::private_net: return "private";
  case AddressClass::link_local: return "link-local";
  case AddressClass::cgnat: return "carrier-grade NAT";
  case AddressClass::unique_local: return "unique-local";
  case AddressClass::metadata: return "cloud metadata";
  case AddressClass::multicast: return "multicast";
  case AddressClass::reserved: return "reserved";
  }
  return "reserved";
}

AddressClass classify_address(const sockaddr* address) {
  if (!address) return AddressClass::reserved;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    return classify_v4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    return classify_v6(in6.sin6_addr.s6_addr);
  }
  return AddressClass::reserved;
}

std::optional<AddressClass> classify_ip_text(std::string_view text) {
  const std::string s(text);
  sockaddr_in in{};
  if (inet_pton(AF_INET, s.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return classify_address(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET6, s.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    return classify_address(reinterpret_cast<const sockaddr*>(&in6));
  }
  return std::nullopt;
}

bool address_allowed(const sockaddr* address, bool allow_loopback) {
  const auto c = classify_address(address);
  return c == AddressClass::public_address || (allow_loopback && c == AddressClass::loopback);
}

} // namespace vigil::verifiers
