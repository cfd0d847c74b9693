// The address guard: every blocked form of address, and names that resolve to one, are refused
// on the address actually connected, before a byte is sent.
#include "verify_fixture.hpp"

#include "vigil/verifiers/address_guard.hpp"

using namespace vigil::verify_test;

TEST_CASE("blocked address forms", "[verifiers][guard]") {
  const std::vector<std::pair<const char*, AddressClass>> blocked = {
      {"0.0.0.0", AddressClass::unspecified},
      {"0.1.2.3", AddressClass::unspecified},
      {"127.0.0.1", AddressClass::loopback},
      {"127.255.255.254", AddressClass::loopback},
      {"10.0.0.1", AddressClass::private_net},
      {"172.16.0.1", AddressClass::private_net},
      {"172.31.255.255", AddressClass::private_net},
      {"192.168.1.1", AddressClass::private_net},
      {"169.254.1.1", AddressClass::link_local},
      {"169.254.169.254", AddressClass::metadata},
      {"169.254.170.2", AddressClass::metadata},
      {"100.100.100.200", AddressClass::metadata},
      {"168.63.129.16", AddressClass::metadata},
      {"100.64.0.1", AddressClass::cgnat},
      {"100.127.255.255", AddressClass::cgnat},
      {"224.0.0.1", AddressClass::multicast},
      {"240.0.0.1", AddressClass::reserved},
      {"255.255.255.255", AddressClass::reserved},
      {"192.0.2.10", AddressClass::reserved},
      {"198.18.0.1", AddressClass::reserved},
      {"::", AddressClass::unspecified},
      {"::1", AddressClass::loopback},
      {"fe80::1", AddressClass::link_local},
      {"fc00::1", AddressClass::unique_local},
      {"fd12:3456::1", AddressClass::unique_local},
      {"fec0::1", AddressClass::unique_local},
      {"fd00:ec2::254", AddressClass::metadata},
      {"ff02::1", AddressClass::multicast},
      {"::ffff:127.0.0.1", AddressClass::loopback},
      {"::ffff:10.1.2.3", AddressClass::private_net},
      {"::ffff:169.254.169.254", AddressClass::metadata},
      {"::ffff:0:192.168.0.1", AddressClass::private_net},
      {"::127.0.0.1", AddressClass::loopback},
      {"::10.0.0.1", AddressClass::private_net},
      {"64:ff9b::10.0.0.1", AddressClass::private_net},
      {"64:ff9b::a9fe:a9fe", AddressClass::metadata},
      {"64:ff9b:1::1", AddressClass::reserved},
      {"2002:7f00:0001::1", AddressClass::loopback},
      {"2002:c0a8:0101::1", AddressClass::private_net},
      {"2001:0:4136:e378::1", AddressClass::reserved},
      {"2001:db8::1", AddressClass::reserved},
      {"100::1", AddressClass::reserved},
  };
  for (const auto& [text, expected] : blocked) {
    INFO(text);
    const auto c = classify_ip_text(text);
    REQUIRE(c.has_value());
    CHECK(*c == expected);
    CHECK(*c != AddressClass::public_address);
  }
}

TEST_CASE("public addresses pass", "[verifiers][guard]") {
  for (const char* text : {"140.82.112.6", "8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1",
                           "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8",
                           "64:ff9b::808:808", "2002:0808:0808::1"}) {
    INFO(text);
    const auto c = classify_ip_text(text);
    REQUIRE(c.has_value());
    CHECK(*c == AddressClass::public_address);
  }
  CHECK_FALSE(classify_ip_text("api.github.com").has_value());
}

TEST_CASE("names resolving to blocked addresses are refused on connect", "[verifiers][guard]") {
  // The test server listens on loopback; without an explicit loopback mapping the guard must
  // refuse it, as any resolved internal address. Other pins point at addresses nothing listens
  // on: the guard refuses them before any connection attempt.
  Harness h;
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  const auto port = std::to_string(h.server.port());
  const std::vector<std::pair<std::string, std::string>> pins = {
      {"rebind.test", "127.0.0.1"},         {"internal.test", "10.0.0.7"},
      {"metadata.test", "169.254.169.254"}, {"cgnat.test", "100.64.1.1"},
      {"zero.test", "0.0.0.0"},             {"ula.test", "[fd00::5]"},
      {"mapped.test", "[::ffff:127.0.0.1]"}, {"v6loop.test", "[::1]"},
      {"linklocal.test", "[fe80::1]"}};
  for (const auto& [host, address] : pins) {
    SECTION(host) {
      h.options.resolve = {host + ":" + port + ":" + address};
      // The rule targets host:port directly (as a content host would), no mapping.
      const auto rule = rule_with_verify(
          "test.guard", "(?P<host>[a-z.:0-9]+)/(?P<secret>tok_[a-z0-9]+)",
          "      read_only: true\n"
          "      request: {url: 'https://{{host}}/user', headers: {Authorization: 'token {{secret}}'}}\n"
          "      valid: {status: 200, json: [/login]}\n"
          "      invalid: {status: 401}\n");
      h.options.content_hosts = true;
      const auto v = h.verify_one(rule, "tok_guard123456", {{"host", host + ":" + port}});
      INFO(host << " -> " << describe(v));
      CHECK(v.status == Status::unknown);
      CHECK(v.reason == Reason::blocked_address);
      CHECK(h.server.total_hits() == 0);
    }
  }
}

TEST_CASE("an explicitly mapped loopback endpoint passes the guard", "[verifiers][guard]") {
  for (bool ipv6 : {false, true}) {
    LoopbackServer::Options o;
    o.ipv6 = ipv6;
    Harness h(o);
    h.map("api.provider.test");
    h.server.route("/user", {json(200, R"({"login":"octo"})")});
    const auto rule = rule_with_verify("test.mapped", "(?P<secret>tok_[a-z0-9]+)", basic_block());
    const auto v = h.verify_one(rule, "tok_mapped123456");
    INFO(describe(v));
    CHECK(v.status == Status::valid);
  }
}

TEST_CASE("a loopback mapping does not open other internal addresses", "[verifiers][guard]") {
  // Mapped to loopback, but the name is pinned to a private address: still refused, since only
  // loopback is allowed for a loopback mapping.
  Harness h;
  auto parsed = parse_endpoint_overrides({"api.provider.test=https://localhost:" +
                                          std::to_string(h.server.port())});
  REQUIRE(parsed.ok());
  CHECK(parsed.value()[0].loopback);
  h.options.endpoints = parsed.value();
  h.options.resolve = {"localhost:" + std::to_string(h.server.port()) + ":10.0.0.9"};
  h.server.route("/user", {json(200, R"({"login":"octo"})")});
  const auto rule = rule_with_verify("test.pinned", "(?P<secret>tok_[a-z0-9]+)", basic_block());
  const auto v = h.verify_one(rule, "tok_pinned123456");
  CHECK(v.reason == Reason::blocked_address);
}
